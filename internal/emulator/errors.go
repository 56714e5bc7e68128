package emulator

import (
	"net/http"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/ecs/backend"
)

// The errors the API gateway answers with before a call reaches ECS; codes, statuses and messages as the real
// gateway's common error list gives them. Where that list is silent the choice is noted at the constructor.

func apiErr(status int, code, message string) *backend.Error {
	return &backend.Error{HTTPStatus: status, Code: code, Message: message}
}

func errActionNotFound() *backend.Error {
	return apiErr(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
}

// errInvalidVersion answers a Version the product does not have (ECS has only 2014-05-26 for these calls).
func errInvalidVersion() *backend.Error {
	return apiErr(http.StatusBadRequest, "InvalidVersion", "Specified parameter Version is not valid.")
}

func errAccessKeyNotFound() *backend.Error {
	return apiErr(http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
}

func errSignatureDoesNotMatch(stringToSign string) *backend.Error {
	return apiErr(http.StatusBadRequest, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
}

// errIncompleteSignature also answers an Authorization header in a scheme the emulator does not verify (such as
// ACS3-HMAC-SM3): the gateway documents no code of its own for that.
func errIncompleteSignature(why string) *backend.Error {
	return apiErr(http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards. "+why)
}

func errTimestampFormat() *backend.Error {
	return apiErr(http.StatusBadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
}

func errTimestampExpired() *backend.Error {
	return apiErr(http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
}

func errNonceUsed() *backend.Error {
	return apiErr(http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
}

// errSecurityTokenExpired answers a well-formed token that is not (or no longer) among Config.SecurityTokens.
func errSecurityTokenExpired() *backend.Error {
	return apiErr(http.StatusBadRequest, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
}

func errSecurityTokenMalformed() *backend.Error {
	return apiErr(http.StatusBadRequest, "InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.")
}

func errInternal() *backend.Error {
	return apiErr(http.StatusInternalServerError, "InternalError", "The request processing has failed due to some unknown error.")
}
