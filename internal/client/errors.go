package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/alibabacloud-go/tea/tea"
)

// Error codes shared by the products' APIs, and the ones this package makes. A product's own codes live with
// its client.
const (
	// CodeConnection marks a call that got no answer: refused, reset or dropped connection, EOF, timeout.
	// Such an APIError has HTTPStatus 0 and no request ID, and unwraps to the network error.
	CodeConnection = "ConnectionError"
	// CodeUnknownHost marks a call whose endpoint's host name does not resolve (DNS answers "no such host").
	// It is never retried: a name that does not exist will not start to within one call's retries, and a typo
	// in an endpoint should be reported at once.
	CodeUnknownHost = "UnknownHost"
	// CodeClientError marks a call the SDK refused to send (a request failing its own validation, say).
	CodeClientError = "ClientError"
	// CodeInvalidResponse marks an answer this layer cannot use (no body, a paging token that loops...).
	CodeInvalidResponse = "InvalidResponse"
	// CodeDryRunOperation is how the APIs answer a DryRun request that would have succeeded. It comes back as
	// an *APIError (never retried); callers asking for a dry run treat it as success.
	CodeDryRunOperation = "DryRunOperation"

	codeThrottling           = "Throttling"
	codeServiceUnavailable   = "ServiceUnavailable"
	codeInternalError        = "InternalError"
	codeIdempotentProcessing = "IdempotentProcessing"
)

// APIError is every failure of an API call: an error answered by the API, or CodeConnection when no answer came.
type APIError struct {
	Product    Product // the API product, e.g. ProductECS; may be empty in errors made by hand
	Action     string  // the API action, e.g. "CreateSnapshot"
	Code       string  // the API's error code, or one of this package's
	Message    string
	RequestID  string // empty when the API never answered
	HTTPStatus int    // 0 when the API never answered
	Attempts   int    // attempts made, retries included

	// Endpoint is where the call went (scheme://host[:port]); errors that got no answer name it.
	Endpoint string
	// CredentialSource says where the call's credential came from (client.Config.CredentialSource); errors
	// that refuse the credential name it, so that a user knows which secret to check.
	CredentialSource string
	// RefusedFor is how long the endpoint refused connections before the call gave up on it (see
	// RetryPolicy.RefusedBudget); 0 when it was not retried.
	RefusedFor time.Duration

	cause error // the network error behind CodeConnection, or the SDK error
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed: %s", callName(e.Product, e.Action), e.Code)
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	var details []string
	if e.Endpoint != "" && (e.Code == CodeConnection || e.Code == CodeUnknownHost) {
		details = append(details, "endpoint "+e.Endpoint)
	}
	if e.HTTPStatus != 0 {
		details = append(details, fmt.Sprintf("HTTP %d", e.HTTPStatus))
	}
	if e.RequestID != "" {
		details = append(details, "request ID "+e.RequestID)
	}
	if e.Attempts > 1 {
		details = append(details, fmt.Sprintf("after %d attempts", e.Attempts))
	}
	if len(details) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(details, ", "))
	}
	if advice := e.advice(); advice != "" {
		b.WriteString("\n\n" + advice)
	}
	return b.String()
}

// advice tells what to check for the failures a user fixes on their side: a credential the API refuses
// (which the API's own message, a string to sign, does not explain), and an endpoint that cannot be reached.
// The codes are common to every product's API, answered before a call reaches the product (for one product's
// list of them: https://www.alibabacloud.com/help/doc-detail/69008.htm).
func (e *APIError) advice() string {
	used := ""
	if e.CredentialSource != "" {
		used = " Credentials used: " + e.CredentialSource + "."
	}
	endpoint := "the endpoint"
	if e.Product != "" {
		endpoint = "the " + e.Product.String() + " endpoint"
	}
	if e.Endpoint != "" {
		endpoint += " " + e.Endpoint
	}
	switch {
	case e.Code == "SignatureDoesNotMatch":
		return "The access key secret does not match the access key ID: the API computed another signature with the secret it holds for this access key." +
			used + " Check the secret there: a copy with a missing, extra or changed character, or the secret of another access key, is the usual cause."
	case e.Code == "InvalidAccessKeyId.NotFound":
		return "The API knows no access key with this ID: it is mistyped, or the access key was deleted." +
			used + " Check the access key ID there, and in the RAM console that the access key exists."
	case e.Code == "InvalidAccessKeyId.Inactive":
		return "The access key is disabled." + used + " Enable it in the RAM console, or use another access key."
	case strings.HasPrefix(e.Code, "InvalidSecurityToken."):
		return "The API refused the STS security token: temporary credentials expire, and a token is valid only with the access key ID and secret issued with it." +
			used + " Get a fresh token together with its access key ID and secret, or drop the token if the access key is a permanent one."
	case e.Code == CodeUnknownHost:
		host := "The host"
		if dnsErr, ok := errors.AsType[*net.DNSError](e.cause); ok && dnsErr.Name != "" {
			host = fmt.Sprintf("The host %q", dnsErr.Name)
		}
		return fmt.Sprintf("%s of %s is not known to DNS: check the endpoint for a typo. "+
			"The call was not retried: a name that does not resolve will not start to within a call.", host, endpoint)
	case isRefused(e):
		if e.RefusedFor > 0 {
			return fmt.Sprintf("Nothing accepted a connection at %s for %s. Check that the endpoint is right and that the service there is running.",
				endpoint, e.RefusedFor.Round(time.Second))
		}
		return fmt.Sprintf("Nothing accepted a connection at %s. Check that the endpoint is right and that the service there is running.", endpoint)
	}
	return ""
}

// Unwrap gives access to the network error behind a CodeConnection error (errors.Is(err, io.EOF) and the like).
func (e *APIError) Unwrap() error { return e.cause }

// callName is how errors and logs name a call: "ECS CreateSnapshot", or the bare action without a product.
func callName(product Product, action string) string {
	if product == "" {
		return action
	}
	return product.String() + " " + action
}

// IsCode reports whether err carries the API error code.
func IsCode(err error, code string) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	return ok && apiErr.Code == code
}

// IsNotFound reports whether the API said a resource does not exist (InvalidSnapshotId.NotFound,
// InvalidDiskId.NotFound, ...). Validation codes for unknown filter values (InvalidStatus.NotFound,
// InvalidFilterKey.NotFound, InvalidSnapshotType.NotFound) name a bad parameter, not a missing resource, and do not count.
func IsNotFound(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		return false
	}
	switch apiErr.Code {
	case "InvalidStatus.NotFound", "InvalidFilterKey.NotFound", "InvalidSnapshotType.NotFound":
		return false
	}
	return strings.HasSuffix(apiErr.Code, ".NotFound") || apiErr.Code == "NotFound" ||
		strings.HasPrefix(apiErr.Code, "NotFound.")
}

// IsThrottling reports whether the API refused the call for flow control (Throttling, Throttling.User, Throttling.Api...).
func IsThrottling(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	return ok && isThrottlingCode(apiErr.Code)
}

func isThrottlingCode(code string) bool {
	return code == codeThrottling || strings.HasPrefix(code, codeThrottling+".")
}

// IsDryRunOK reports whether err is the API's answer to a DryRun request that passed validation.
func IsDryRunOK(err error) bool { return IsCode(err, CodeDryRunOperation) }

// IsContextDone reports whether err says the caller's context ended (canceled or past its deadline).
func IsContextDone(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// IsRetryable reports whether trying the same call again may succeed, for any product: throttling, 5xx,
// ServiceUnavailable, InternalError, IdempotentProcessing, a dropped or refused connection or a timeout of one
// attempt. A product client adds its own codes through RetryPolicy.Retryable. Cancellation or the deadline
// of the caller's context is never retryable.
func IsRetryable(err error) bool {
	if err == nil || IsContextDone(err) {
		return false
	}
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		return false
	}
	switch {
	case apiErr.Code == CodeConnection,
		isThrottlingCode(apiErr.Code),
		apiErr.Code == codeServiceUnavailable,
		apiErr.Code == codeInternalError,
		apiErr.Code == codeIdempotentProcessing,
		apiErr.HTTPStatus >= 500:
		return true
	}
	return false
}

// toAPIError turns what one SDK call returned into an *APIError. SDK errors carry the API's answer; anything
// else is a network failure when it looks like one, and otherwise a local failure of the SDK (a request that
// failed its own validation, say), reported with CodeClientError and never retried.
func toAPIError(product Product, action string, err error) *APIError {
	if err == nil {
		return nil
	}
	if apiErr, ok := errors.AsType[*APIError](err); ok {
		// A copy, so that setting Attempts never touches an error someone else holds; it names the call when
		// whoever made it did not.
		cp := *apiErr
		if cp.Product == "" {
			cp.Product = product
		}
		if cp.Action == "" {
			cp.Action = action
		}
		return &cp
	}
	var sdkErr *tea.SDKError
	if errors.As(err, &sdkErr) {
		return fromSDKError(product, action, sdkErr)
	}
	if dnsErr, ok := errors.AsType[*net.DNSError](err); ok && dnsErr.IsNotFound {
		return &APIError{Product: product, Action: action, Code: CodeUnknownHost, Message: networkMessage(err), cause: err}
	}
	if isConnectionError(err) {
		return &APIError{Product: product, Action: action, Code: CodeConnection, Message: networkMessage(err), cause: err}
	}
	return &APIError{Product: product, Action: action, Code: CodeClientError, Message: err.Error(), cause: err}
}

// fromSDKError reads the API's error body that the SDK keeps in Data as JSON: its Message is the API's own,
// while SDKError.Message is decorated with the status and request ID.
func fromSDKError(product Product, action string, sdkErr *tea.SDKError) *APIError {
	apiErr := &APIError{
		Product:    product,
		Action:     action,
		Code:       tea.StringValue(sdkErr.Code),
		Message:    tea.StringValue(sdkErr.Message),
		HTTPStatus: tea.IntValue(sdkErr.StatusCode),
		cause:      sdkErr,
	}
	var body map[string]any
	if data := tea.StringValue(sdkErr.Data); data != "" && json.Unmarshal([]byte(data), &body) == nil {
		if s, ok := body["RequestId"].(string); ok {
			apiErr.RequestID = s
		}
		if s, ok := body["Message"].(string); ok && s != "" {
			apiErr.Message = s
		}
		if s, ok := body["Code"].(string); ok && apiErr.Code == "" {
			apiErr.Code = s
		}
	}
	if apiErr.Code == "" {
		apiErr.Code = "Unknown"
	}
	return apiErr
}

// networkMessage is a network error without net/http's `Post "<URL with every parameter>"` prefix: the
// error names the endpoint on its own, and the parameters only make the message long.
func networkMessage(err error) string {
	if urlErr, ok := errors.AsType[*url.Error](err); ok && urlErr.Err != nil {
		return urlErr.Err.Error()
	}
	return err.Error()
}

// isRefused reports whether the endpoint refused the connection: nothing listens there (yet).
func isRefused(e *APIError) bool {
	return e.Code == CodeConnection && errors.Is(e.cause, syscall.ECONNREFUSED)
}

// isConnectionError recognises failures where no complete answer arrived. The SDK hands these back as they
// come from net/http (usually a *url.Error), or from reading a cut-off body (io.ErrUnexpectedEOF).
func isConnectionError(err error) bool {
	if IsContextDone(err) {
		// The SDK does not use our context, so these can only come from a transport of its own: not ours to retry.
		return false
	}
	// A certificate the client refuses will be refused again: retrying only delays the message.
	var certErr *tls.CertificateVerificationError
	var authErr x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &authErr) || errors.As(err, &hostErr) {
		return false
	}
	var netErr net.Error
	return errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.EPIPE)
}
