package client

import (
	"errors"
	"fmt"
	"strings"
)

// Failure is what a resource was doing when a call failed, for Explain: one wording of API errors for every
// resource, data source and action, so that a user reads what was being done, in which region, the API's own
// error (call, code, message, HTTP status, request ID) and what to check, rather than the API's bare text
// ("The current status of the resource does not support this operation").
type Failure struct {
	// Doing says what was being done, as a sentence start: "Creating a snapshot of disk d-bp1...".
	Doing string
	// Region is the region the call was made in (the provider's, or the source region of a copy).
	Region string
	// Subject names the object the call was about ("cloud desktop ecd-bp1...", "instance i-bp1...") for the
	// advice on a missing object or a refused status; empty leaves the advice general.
	Subject string
	// Status is Subject's status as last read ("Starting"), or "" when not known.
	Status string
	// Allowed lists the statuses in which the operation is allowed, for the advice on a refused status.
	Allowed []string
}

// Explain words err, a failure of a call made while doing f: "<Doing> in region <Region>: <the API error>",
// then, for the codes a user can act on, what to check. The API error's own advice (a credential refused, an
// endpoint that cannot be reached) is kept: it is part of err's text.
func (f Failure) Explain(err error) string {
	var b strings.Builder
	b.WriteString(f.Doing)
	if f.Region != "" {
		b.WriteString(" in region " + f.Region)
	}
	b.WriteString(": " + err.Error())
	if advice := f.advice(err); advice != "" {
		b.WriteString("\n\n" + advice)
	}
	return b.String()
}

// advice tells what to check for the API's codes that name a cause on the user's side; "" for the rest (and for
// the codes APIError words itself).
func (f Failure) advice(err error) string {
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok || apiErr.advice() != "" {
		return ""
	}
	subject := f.Subject
	if subject == "" {
		subject = "the object the call names"
	}
	region := "the provider's region"
	if f.Region != "" {
		region = "region " + f.Region
	}
	code := apiErr.Code
	switch {
	case IsStatusRefusal(err):
		now := ""
		if f.Status != "" {
			now = fmt.Sprintf(" (it is %s now)", f.Status)
		}
		allowed := ""
		if len(f.Allowed) > 0 {
			allowed = " The operation is allowed only in status " + strings.Join(f.Allowed, " or ") + "."
		}
		return fmt.Sprintf("The API refused the call because of the current status of %s%s.%s Check its status in %s "+
			"(the console, or the API's Describe call), wait until it is in a status that allows the operation or bring it "+
			"there, then apply again.", subject, now, allowed, region)
	case IsNotFound(err):
		return fmt.Sprintf("The API found no such object in %s (%s). Check the ID for a typo, that %s still exists, and "+
			"that the provider's region (or endpoint) is the region it is in.", region, subject, subject)
	case IsThrottling(err):
		return "The API kept refusing calls for flow control until the retries or the timeout ran out. Try again later, " +
			"lower terraform's -parallelism, or raise the provider's max_retries or the resource's timeout."
	case strings.HasPrefix(code, "Forbidden") || strings.HasPrefix(code, "NoPermission") || code == "InvalidOperation.Unauthorized":
		return fmt.Sprintf("The credentials lack a permission: grant the RAM user or role the %s action (ecs:%s, "+
			"ecd:%s...) in the RAM console.", callName(apiErr.Product, apiErr.Action), apiErr.Action, apiErr.Action)
	case strings.Contains(code, "QuotaExceed") || strings.Contains(code, "Quota."):
		return fmt.Sprintf("A quota of the account in %s is reached. Delete what is no longer needed, or ask for a "+
			"higher quota in the Quota Center.", region)
	case strings.HasPrefix(code, "InvalidAccountStatus") || strings.HasPrefix(code, "Account."):
		return "The account cannot use the service as it stands (overdue payment, service not activated): check the " +
			"account in the console."
	case apiErr.HTTPStatus >= 500 || code == codeServiceUnavailable || code == codeInternalError:
		return "The service failed on its side until the retries or the timeout ran out. Try again later; if it lasts, " +
			"give the request ID to Alibaba Cloud support."
	}
	return ""
}

// IsStatusRefusal reports whether the API refused a call because of the status of what it names: an instance,
// desktop or disk not in a status that allows it (IncorrectInstanceStatus, IncorrectDiskStatus..., and the
// *.IncorrectStatus / OperationDenied.*Status forms). IncorrectDiskStatus.CreatingSnapshot, which waiting cures,
// counts too: it reaches a user only once the retries are spent.
func IsStatusRefusal(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		return false
	}
	c := apiErr.Code
	return strings.HasPrefix(c, "Incorrect") && strings.Contains(c, "Status") ||
		strings.HasSuffix(c, ".IncorrectStatus") || strings.HasPrefix(c, "IncorrectStatus") ||
		strings.HasPrefix(c, "OperationDenied.") && strings.Contains(c, "Status")
}
