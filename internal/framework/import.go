package framework

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/aliecs/terraform-provider-aliecs/internal/validate"
	"github.com/aliecs/terraform-provider-aliecs/internal/wait"
)

// ImportSpec describes import by ID for a resource whose identity is its ID.
type ImportSpec struct {
	Rule validate.IDRule // the ID's form, checked before any call
	What string          // "snapshot copy": names the object in messages
	// Short names it once the message has named it in full ("there is no policy with this ID"); default What.
	Short string
	Call  string // the API call that looks it up, named when it finds nothing
	// Hint ends the not-found message: what to check ("Check the ID, and that the provider's region is ...").
	Hint string
	// Find looks the object up: the object when it exists (handed to the Read that follows, see HandToRead), a
	// wait.NotFoundError when not, an ImportRefusal when it exists but is not this resource's to import, any other
	// error when the lookup failed.
	Find func(ctx context.Context, id string) (any, error)
}

// ImportRefusal is an object that exists but that the resource cannot import (a snapshot that is no copy, say).
type ImportRefusal struct{ Summary, Detail string }

func (e *ImportRefusal) Error() string { return e.Detail }

// ImportByID is ImportState for spec: the ID's form and the object's existence are checked first, so that a mistyped
// ID or an object of another region is named as such rather than by Terraform's generic "Cannot import non-existent
// remote object"; then the ID is stored for Read to fill the rest, and the object found is handed to that Read
// (HandToRead), so that an import describes the object once. It reports whether the import went through, for
// resources that add to the state (an argument's default, say). Import by identity reaches it too: the kit turns an
// identity into its ID (identity.go).
func (w *withMeta) ImportByID(ctx context.Context, spec ImportSpec, req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	if !spec.Rule.OK(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID %q is not %s ID: it must be %s.", req.ID, article(spec.What), spec.Rule.Form()))
		return false
	}
	if !w.Ready(&resp.Diagnostics) {
		return false
	}
	short := spec.Short
	if short == "" {
		short = spec.What
	}
	var refusal *ImportRefusal
	found, err := spec.Find(ctx, req.ID)
	switch {
	case wait.IsNotFound(err):
		resp.Diagnostics.AddError(capitalized(spec.What)+" not found",
			fmt.Sprintf("Cannot import %s %s: there is no %s with this ID in region %s (%s found none). %s",
				spec.What, req.ID, short, w.meta.Region(), spec.Call, spec.Hint))
		return false
	case errors.As(err, &refusal):
		resp.Diagnostics.AddError(refusal.Summary, refusal.Detail)
		return false
	case err != nil:
		resp.Diagnostics.AddError("Cannot read "+spec.What, fmt.Sprintf("Importing %s %s: %s", spec.What, req.ID, err))
		return false
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	HandToRead(ctx, resp, req.ID, found)
	return !resp.Diagnostics.HasError()
}

func article(what string) string {
	if what != "" && (what[0] == 'a' || what[0] == 'e' || what[0] == 'i' || what[0] == 'o' || what[0] == 'u') {
		return "an " + what
	}
	return "a " + what
}

func capitalized(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
