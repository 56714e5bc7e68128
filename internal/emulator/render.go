package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"

	"github.com/aliecs/terraform-provider-aliecs/internal/emulator/apierr"
)

// Content types as ECS sends them; the v4 SDK recognises XML errors by this exact string.
const (
	contentTypeJSON = "application/json;charset=utf-8"
	contentTypeXML  = "text/xml;charset=utf-8"
)

// errorBody is an error answer, every field a string.
type errorBody struct {
	XMLName   xml.Name `json:"-" xml:"Error"`
	RequestID string   `json:"RequestId" xml:"RequestId"`
	HostID    string   `json:"HostId" xml:"HostId"`
	Code      string   `json:"Code" xml:"Code"`
	Message   string   `json:"Message" xml:"Message"`
	Recommend string   `json:"Recommend" xml:"Recommend"`
}

// successXML is a success answer in XML: <ActionResponse><RequestId/>...the output's fields...</ActionResponse>.
type successXML struct {
	XMLName   xml.Name
	RequestID string `xml:"RequestId"`
	Fields    []byte `xml:",innerxml"`
}

// writeError answers e as the product (its name as the Recommend link has it, and its HostId) does.
func writeError(w http.ResponseWriter, format, reqID, product, hostID string, e *apierr.Error) {
	body := errorBody{
		RequestID: reqID, HostID: hostID, Code: e.Code, Message: e.Message,
		Recommend: "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(e.Code) + "&product=" + url.QueryEscape(product) + "&requestId=" + reqID,
	}
	status := e.HTTPStatus
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	if format == formatXML {
		writeXML(w, status, body)
		return
	}
	writeJSON(w, status, body)
}

// writeSuccess answers 200 with RequestId first and then out's fields (out may be nil).
func writeSuccess(w http.ResponseWriter, format, action, reqID string, out any) {
	if format == formatXML {
		var fields []byte
		if out != nil {
			inner, err := xmlFields(out)
			if err != nil {
				writeInternalError(w, format, reqID)
				return
			}
			fields = inner
		}
		writeXML(w, http.StatusOK, successXML{XMLName: xml.Name{Local: action + "Response"}, RequestID: reqID, Fields: fields})
		return
	}
	head, err := marshalJSON(struct {
		RequestID string `json:"RequestId"`
	}{reqID})
	if err != nil {
		writeInternalError(w, format, reqID)
		return
	}
	if out != nil {
		fields, err := marshalJSON(out)
		if err != nil || len(fields) < 2 || fields[0] != '{' {
			writeInternalError(w, format, reqID)
			return
		}
		if len(fields) > 2 { // not {}: splice the output's fields in after RequestId
			head = append(append(head[:len(head)-1], ','), fields[1:]...)
		}
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(head)
}

// xmlFields is out's XML without its own outer element.
func xmlFields(out any) ([]byte, error) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	if err := enc.EncodeElement(out, xml.StartElement{Name: xml.Name{Local: "x"}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	// encoding/xml always writes <x>...</x>, never <x/>: an output without fields leaves nothing.
	return bytes.TrimSuffix(bytes.TrimPrefix(buf.Bytes(), []byte("<x>")), []byte("</x>")), nil
}

// marshalJSON encodes without HTML escaping (ECS sends & and < as they are) and without a trailing newline.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := marshalJSON(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeXML(w http.ResponseWriter, status int, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentTypeXML)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(b)
}

// newRequestID is an uppercase random (version 4) UUID, as ECS's request IDs look.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return strings.ToUpper(h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32])
}

// writeInternalError answers a success that could not be rendered; the output types are the emulator's own, so
// this does not happen unless one of them is broken.
func writeInternalError(w http.ResponseWriter, format, reqID string) {
	writeError(w, format, reqID, "Ecs", "ecs.aliyuncs.com", errInternal())
}
