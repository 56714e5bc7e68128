package client

import (
	"context"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	service "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
)

// RPC is a call of a product's RPC-style API through the SDKs' generic OpenAPI call, for the actions or
// parameters a product's typed SDK lacks (or, for ECD, has no usable SDK for).
type RPC struct {
	Call    Call   // product and action, and whether an attempt already sent is waited for to its answer
	Version string // the API version, such as 2014-05-26
	Query   map[string]string
	// NewAPI builds the generic client of one attempt: the SDK's clients are not safe for concurrent use.
	NewAPI func() (*openapi.Client, error)
}

// InvokeRPC sends call in the same retry, transport slot, logging and error machinery as the typed calls, and
// returns the answer's JSON body.
func InvokeRPC(ctx context.Context, retry RetryPolicy, call RPC) (map[string]any, error) {
	params := &openapi.Params{
		Action:      tea.String(call.Call.Action),
		Version:     tea.String(call.Version),
		Protocol:    tea.String("HTTPS"), // the client's configured protocol takes precedence
		Pathname:    tea.String("/"),
		Method:      tea.String("POST"),
		AuthType:    tea.String("AK"),
		Style:       tea.String("RPC"),
		ReqBodyType: tea.String("formData"),
		BodyType:    tea.String("json"),
	}
	type rawCall = map[string]any // {"body": ..., "headers": ..., "statusCode": ...}
	bodyOf := func(r *rawCall) map[string]any {
		body, _ := (*r)["body"].(map[string]any)
		return body
	}
	resp, err := Invoke(ctx, retry, call.Call,
		func(rt *service.RuntimeOptions) (*rawCall, error) {
			api, err := call.NewAPI()
			if err != nil {
				return nil, err
			}
			// A fresh query map per attempt: an abandoned attempt may still be reading the previous one.
			q := make(map[string]*string, len(call.Query))
			for k, v := range call.Query {
				q[k] = tea.String(v)
			}
			out, err := api.CallApi(params, &openapi.OpenApiRequest{Query: q}, rt)
			if err != nil {
				return nil, err
			}
			return &out, nil
		},
		func(r *rawCall) string {
			id, _ := bodyOf(r)["RequestId"].(string)
			return id
		})
	if err != nil {
		return nil, err
	}
	body := bodyOf(resp)
	if body == nil {
		return nil, &APIError{Product: call.Call.Product, Action: call.Call.Action, Code: CodeInvalidResponse, Message: "the answer has no JSON body"}
	}
	return body, nil
}
