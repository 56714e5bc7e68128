// Package apierr is the API error every emulated product answers with, and the constructors the products and
// the gateway share. It knows nothing of HTTP beyond the status number an error carries.
package apierr

import "fmt"

// Error is the API error a call answers with. Calls may hand out the same *Error value again: treat it as read-only.
type Error struct {
	HTTPStatus int
	Code       string
	Message    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%d %s: %s", e.HTTPStatus, e.Code, e.Message)
}

// New is an error with the given HTTP status, code and message.
func New(status int, code, message string) *Error {
	return &Error{HTTPStatus: status, Code: code, Message: message}
}

// MissingParameter answers a request without a mandatory parameter, in the words Alibaba Cloud's RPC APIs use; the
// gateway gives the same answer for its own parameters (Action, Version, the signature's).
func MissingParameter(param string) *Error {
	return New(400, "MissingParameter",
		fmt.Sprintf("The input parameter %q that is mandatory for processing this request is not supplied.", param))
}

// InvalidParameter answers a value the documents give no dedicated code for (a boolean that is not true/false, say)
// with the generic InvalidParameter, as the gateway does; it also answers parameters the wire cannot decode.
func InvalidParameter(param string) *Error {
	return New(400, "InvalidParameter", fmt.Sprintf("The specified parameter %q is not valid.", param))
}

// Internal is the gateway's answer when something failed that the caller cannot help.
func Internal() *Error {
	return New(500, "InternalError", "The request processing has failed due to some unknown error.")
}
