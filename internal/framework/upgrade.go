package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"math"
	"math/big"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/vmihailenco/msgpack/v5"
)

// kitUpgrader answers terraform's upgrade of one resource type's stored state (UpgradeResourceState) when the state
// was written under the schema's current version, which is every upgrade terraform makes of this provider's types
// today: terraform upgrades each object's state before it refreshes it, so every resource of every plan passes
// here. The framework's answer (fwserver.UpgradeResourceState's passthrough of terraform-plugin-framework v1.19.0)
// decodes the JSON token by token into a tftypes.Value (one decoder per value, at every depth), walks it for list
// and set blocks, and encodes it as MessagePack: about 0.17 ms and 1,600 allocations for a snapshot, as much as the
// kit's read and plan of it together. The kit goes from the JSON to the MessagePack in one pass over the schema's
// type, with the framework's rules for each value (tftypes' jsonUnmarshal*: a string may be stored as a number or
// a bool, a number as a string, a bool as "1" or "0"; attributes the schema no longer has are dropped; those it
// lacks are null) and its encoding of numbers (marshalMsgPackNumber). Map keys are written in sorted order where the
// framework writes them in Go's map order: the same value either way.
//
// Upgrades it leaves to the framework: from another schema version (the framework's upgraders), of a state terraform
// stores as a flatmap (before terraform 0.12), that is not a JSON object or holds a value the type's rules refuse (the
// framework's error says what), and of a type whose schema has list or set blocks (whose null the framework turns
// into an empty collection) or a dynamic or tuple type anywhere. TestKitUpgrade_sameAsTheFrameworks (internal/provider)
// compares both answers for every type.
type kitUpgrader struct {
	*kitType

	once     sync.Once
	eligible bool
	version  int64
	object   tftypes.Object // the schema's type
}

// upgrade is the framework's answer to req, whose JSON decoded is state, given by the kit; nil when the framework
// must give it.
func (u *kitUpgrader) upgrade(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest, state StoredState) *tfprotov6.UpgradeResourceStateResponse {
	if state == nil {
		return nil
	}
	u.once.Do(func() { u.init(ctx) })
	if !u.eligible || req.Version != u.version {
		return nil
	}
	var buf bytes.Buffer
	if transcodeStored(msgpack.NewEncoder(&buf), u.object, req.RawState.JSON, state) != nil {
		return nil
	}
	tflog.Debug(ctx, "state upgrade answered by the kit, without the framework's protocol layer", map[string]any{"tf_resource_type": req.TypeName})
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &tfprotov6.DynamicValue{MsgPack: buf.Bytes()}}
}

// init reads the type's schema, and finds whether the kit may upgrade its states (kitUpgrader).
func (u *kitUpgrader) init(ctx context.Context) {
	if !u.readSchema(ctx) || !singleBlocks(u.schema.Blocks, func(schema.SingleNestedBlock) bool { return true }) {
		return
	}
	object, ok := u.typ.(tftypes.Object)
	if !ok || !transcodable(object) {
		return
	}
	u.object, u.version, u.eligible = object, u.schema.GetVersion(), true
}

// transcodable reports whether every type in t is one transcode handles.
func transcodable(t tftypes.Type) bool {
	switch t := t.(type) {
	case tftypes.Object:
		for _, at := range t.AttributeTypes {
			if !transcodable(at) {
				return false
			}
		}
		return len(t.OptionalAttributes) == 0
	case tftypes.List:
		return transcodable(t.ElementType)
	case tftypes.Set:
		return transcodable(t.ElementType)
	case tftypes.Map:
		return transcodable(t.ElementType)
	}
	return t.Is(tftypes.String) || t.Is(tftypes.Number) || t.Is(tftypes.Bool)
}

// errRefused is transcode's refusal of a value: the framework is left to say what is wrong with it.
var errRefused = errors.New("a value the kit does not transcode")

// transcode writes v, decoded from the stored JSON with json.Decoder.UseNumber, as a value of t.
func transcode(enc *msgpack.Encoder, t tftypes.Type, v any) error {
	if v == nil {
		return enc.EncodeNil()
	}
	switch t := t.(type) {
	case tftypes.Object:
		m, ok := v.(map[string]any)
		if !ok {
			return errRefused
		}
		return transcodeObject(enc, t, m)
	case tftypes.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return errRefused
		}
		if err := enc.EncodeMapLen(len(m)); err != nil {
			return err
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if err := enc.EncodeString(k); err != nil {
				return err
			}
			if err := transcode(enc, t.ElementType, m[k]); err != nil {
				return err
			}
		}
		return nil
	case tftypes.List:
		return transcodeArray(enc, t.ElementType, v)
	case tftypes.Set:
		return transcodeArray(enc, t.ElementType, v)
	}
	switch {
	case t.Is(tftypes.String):
		return transcodeString(enc, v)
	case t.Is(tftypes.Number):
		return transcodeNumber(enc, v)
	case t.Is(tftypes.Bool):
		return transcodeBool(enc, v)
	}
	return errRefused
}

// transcodeObject writes m as an object of t: its attributes in sorted order, as the framework writes them, null
// when m lacks them; m's keys that t lacks are dropped (the framework's IgnoreUndefinedAttributes).
func transcodeObject(enc *msgpack.Encoder, t tftypes.Object, m map[string]any) error {
	if err := enc.EncodeMapLen(len(t.AttributeTypes)); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(t.AttributeTypes)) {
		if err := enc.EncodeString(name); err != nil {
			return err
		}
		if err := transcode(enc, t.AttributeTypes[name], m[name]); err != nil {
			return err
		}
	}
	return nil
}

func transcodeArray(enc *msgpack.Encoder, elem tftypes.Type, v any) error {
	a, ok := v.([]any)
	if !ok {
		return errRefused
	}
	if err := enc.EncodeArrayLen(len(a)); err != nil {
		return err
	}
	for _, e := range a {
		if err := transcode(enc, elem, e); err != nil {
			return err
		}
	}
	return nil
}

// transcodeString follows tftypes' jsonUnmarshalString: a number keeps its text, a bool becomes "true" or "false".
func transcodeString(enc *msgpack.Encoder, v any) error {
	switch v := v.(type) {
	case string:
		return enc.EncodeString(v)
	case json.Number:
		return enc.EncodeString(string(v))
	case bool:
		if v {
			return enc.EncodeString("true")
		}
		return enc.EncodeString("false")
	}
	return errRefused
}

// transcodeNumber follows tftypes' jsonUnmarshalNumber (a number or a string holding one, parsed at 512 bits) and
// marshalMsgPackNumber (an integer as an int, an exact non-integer as a float64, any other as its text).
func transcodeNumber(enc *msgpack.Encoder, v any) error {
	var text string
	switch v := v.(type) {
	case json.Number:
		text = string(v)
	case string:
		text = v
	default:
		return errRefused
	}
	n, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
	if err != nil {
		return errRefused
	}
	if n.IsInf() {
		return enc.EncodeFloat64(math.Inf(n.Sign()))
	}
	if i, acc := n.Int64(); acc == big.Exact {
		return enc.EncodeInt(i)
	}
	if f, acc := n.Float64(); acc == big.Exact && !n.IsInt() {
		return enc.EncodeFloat64(f)
	}
	return enc.EncodeString(n.Text('f', -1))
}

// transcodeBool follows tftypes' jsonUnmarshalBool: a bool, or "true", "1", "false", "0" as a string, or 1 or 0.
func transcodeBool(enc *msgpack.Encoder, v any) error {
	switch v {
	case true, "true", "1", json.Number("1"):
		return enc.EncodeBool(true)
	case false, "false", "0", json.Number("0"):
		return enc.EncodeBool(false)
	}
	return errRefused
}

// decodeStoredState is the stored JSON of a state decoded as transcode reads it; nil when it is not a JSON object.
// Like the framework's decoder, it reads the first JSON value and ignores what follows it.
func decodeStoredState(raw []byte) StoredState {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return nil
	}
	return m
}

// transcodeStored writes state, decoded from raw (decodeStoredState), as an object of t (transcodeObject).
//
// encoding/json keeps the last of two members with the same name, and so does tftypes, but tftypes reads each in
// turn and refuses the state when an earlier one holds a value it refuses ({"b":"","b":"0"} for a bool), which the
// decoded map no longer shows. No state terraform writes repeats a name; for one that does (or that has text after
// its value), tftypes' own decoding says first whether the state is refused. A member is the one place a colon
// stands outside a string in JSON, so the colons of raw against the members of the decoded objects tell whether
// any name was repeated, in one pass without allocating.
func transcodeStored(enc *msgpack.Encoder, t tftypes.Object, raw []byte, state StoredState) error {
	if colonsOutsideStrings(raw) != members(map[string]any(state)) {
		if _, err := tftypes.ValueFromJSONWithOpts(raw, t, tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}); err != nil {
			return errRefused
		}
	}
	return transcodeObject(enc, t, state)
}

// colonsOutsideStrings counts the colons of JSON text that are not inside a string.
func colonsOutsideStrings(text []byte) int {
	n, inString, escaped := 0, false, false
	for _, c := range text {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && c == ':':
			n++
		}
	}
	return n
}

// members counts the members of the objects in v, a value decoded by encoding/json, at every depth.
func members(v any) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		n = len(v)
		for _, e := range v {
			n += members(e)
		}
	case []any:
		for _, e := range v {
			n += members(e)
		}
	}
	return n
}
