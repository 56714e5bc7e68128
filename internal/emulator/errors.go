package emulator

import (
	"net/http"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
)

// The errors the API gateway answers with before a call reaches ECS; codes, statuses and messages as the real
// gateway's common error list gives them. Where that list is silent the choice is noted at the constructor.

func apiErr(status int, code, message string) *apierr.Error {
	return apierr.New(status, code, message)
}

func errActionNotFound() *apierr.Error {
	return apiErr(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
}

// errInvalidVersion answers a Version no product speaks (ECS 2014-05-26, STS 2015-04-01), or, for a product's own
// host name, a version that product does not speak.
func errInvalidVersion() *apierr.Error {
	return apiErr(http.StatusBadRequest, "InvalidVersion", "Specified parameter Version is not valid.")
}

func errAccessKeyNotFound() *apierr.Error {
	return apiErr(http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
}

func errSignatureDoesNotMatch(stringToSign string) *apierr.Error {
	return apiErr(http.StatusBadRequest, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
}

// errIncompleteSignature also answers an Authorization header in a scheme the emulator does not verify (such as
// ACS3-HMAC-SM3): the gateway documents no code of its own for that.
func errIncompleteSignature(why string) *apierr.Error {
	return apiErr(http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards. "+why)
}

func errTimestampFormat() *apierr.Error {
	return apiErr(http.StatusBadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
}

func errTimestampExpired() *apierr.Error {
	return apiErr(http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
}

func errNonceUsed() *apierr.Error {
	return apiErr(http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
}

// errSecurityTokenExpired answers a well-formed token that is not (or no longer) among Config.SecurityTokens.
func errSecurityTokenExpired() *apierr.Error {
	return apiErr(http.StatusBadRequest, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
}

// errMissingSecurityToken answers a temporary AccessKey ID sent without its token; the FAQ of STS gives the code
// and message (https://www.alibabacloud.com/help/doc-detail/42775.htm) but no status, and 400 is the status of
// the gateway's other token errors.
func errMissingSecurityToken() *apierr.Error {
	return apiErr(http.StatusBadRequest, "MissingSecurityToken", "SecurityToken is mandatory for this action.")
}

// errSecurityTokenMismatch answers a temporary AccessKey ID sent with a token other than its own.
func errSecurityTokenMismatch() *apierr.Error {
	return apiErr(http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.")
}

func errSecurityTokenMalformed() *apierr.Error {
	return apiErr(http.StatusBadRequest, "InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.")
}

func errInternal() *apierr.Error { return apierr.Internal() }
