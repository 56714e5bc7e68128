package framework

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// An import has to look the object up (a wrong ID or region is then named as such, not by Terraform's generic
// "Cannot import non-existent remote object"), and Terraform reads the imported object right after, handing that
// ReadResource the private state the import returned: the framework relies on the same hand-over for its own
// import-before-read marker (https://developer.hashicorp.com/terraform/plugin/framework/resources/private-state).
// The import puts the object it found there, so the Read that follows uses it instead of describing the object a
// second time, as the official provider's import does with one read.
//
// Only that one Read may use it: the wrapper of every registered resource removes the key after each Read, on
// every path (resourceWithIdentity.Read), so the value never reaches a state file's later refreshes; and a value
// is used only by the provider process that wrote it, for the ID it was found for, so that even a value that
// outlived its Read (a Terraform that did not read right after the import) is never taken for the object's
// current state.

// importedKey is the private state key of the hand-over. Provider keys must not start with "." (the framework's).
const importedKey = "imported"

// importedValue is what the key holds.
type importedValue struct {
	Process string          `json:"process"` // processMark of the provider process that imported
	ID      string          `json:"id"`      // the imported resource's id
	Object  json.RawMessage `json:"object"`
}

// processMark tells this provider process from the one that served another Terraform command.
var processMark = func() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand's documentation)
	return hex.EncodeToString(b)
}()

// HandToRead keeps obj, the object an import of the resource with this id found, for the Read that Terraform runs
// right after the import (ImportedOr). ImportByID calls it; a resource with its own import (the attachment) calls
// it once it has found the object. Without private state (an import run outside Terraform's protocol, as the list
// resource's) or with an object that does not encode, Read simply describes the object.
func HandToRead(ctx context.Context, resp *resource.ImportStateResponse, id string, obj any) {
	if obj == nil || resp.Diagnostics.HasError() {
		return
	}
	object, err := json.Marshal(obj)
	if err != nil {
		tflog.Debug(ctx, "the imported object is not handed to Read", map[string]any{"error": err.Error()})
		return
	}
	value, err := json.Marshal(importedValue{Process: processMark, ID: id, Object: object})
	if err != nil {
		return
	}
	if resp.Private == nil {
		// The list resource's import, run outside Terraform's protocol: the framework gives no private state
		// there, so the hand-over goes through the context its Read gets too (withHandOver).
		if slot, ok := ctx.Value(handOverKey{}).(*handOver); ok {
			slot.value = value
		}
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, value)...)
}

// handOver carries HandToRead's value from an import to the Read after it where there is no private state (the
// list resource's include_resource, which runs both in one function).
type handOver struct{ value []byte }

type handOverKey struct{}

// withHandOver is ctx with a fresh hand-over slot, for one import and the Read after it.
func withHandOver(ctx context.Context) context.Context {
	return context.WithValue(ctx, handOverKey{}, &handOver{})
}

// ImportedOr is a Read's lookup of the resource with this id: the object its import just found (HandToRead), when
// this Read is the one that follows the import, else find's answer (the API's).
func ImportedOr[T any](ctx context.Context, req resource.ReadRequest, id string, find func(context.Context) (T, error)) (T, error) {
	if obj, ok := imported[T](ctx, req, id); ok {
		tflog.Debug(ctx, "using the object the import found", map[string]any{"id": id})
		return obj, nil
	}
	return find(ctx)
}

func imported[T any](ctx context.Context, req resource.ReadRequest, id string) (T, bool) {
	var obj T
	var raw []byte
	if slot, ok := ctx.Value(handOverKey{}).(*handOver); ok {
		raw, slot.value = slot.value, nil // one Read only
	} else if req.Private != nil {
		var diags diag.Diagnostics
		raw, diags = req.Private.GetKey(ctx, importedKey)
		if diags.HasError() {
			return obj, false
		}
	}
	if raw == nil {
		return obj, false
	}
	var v importedValue
	if json.Unmarshal(raw, &v) != nil || v.Process != processMark || v.ID != id || json.Unmarshal(v.Object, &obj) != nil {
		var zero T
		return zero, false
	}
	return obj, true
}

// forgetImported removes the hand-over after a Read, so that no later Read can use it.
func forgetImported(ctx context.Context, resp *resource.ReadResponse) {
	if resp.Private == nil {
		return
	}
	if raw, _ := resp.Private.GetKey(ctx, importedKey); raw != nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
	}
}
