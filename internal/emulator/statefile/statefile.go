// Package statefile keeps the emulator's state file: one JSON document with a section per product, so that a
// restart of the standalone emulator loses nothing of any product. Each product's backend marshals its own
// section after every change; the file is rewritten whole, through a temporary file and a rename, so that a
// crash leaves the old document or the new one, never half of one.
package statefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// File is an open state file. A nil *File is a memory-only emulator: it has no sections and saves nothing.
type File struct {
	path     string
	mu       sync.Mutex
	sections map[string]json.RawMessage
}

// document is the file's layout. Sections are keyed by product; a product missing from an older file starts
// from its fixture.
type document struct {
	Products map[string]json.RawMessage `json:"products"`
}

// Open reads the state file at path, if it exists (a missing file is an empty one, written at the first
// change). A file written before the state had sections (a JSON object without "products") is taken whole as
// the section legacy, the one product whose state such files held.
func Open(path, legacy string) (*File, error) {
	f := &File{path: path, sections: map[string]json.RawMessage{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read state file: %w", err)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("parse state file %s: %w", path, err)
	}
	if _, ok := probe["products"]; !ok {
		f.sections[legacy] = bytes.Clone(data)
		return f, nil
	}
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse state file %s: %w", path, err)
	}
	for name, raw := range doc.Products {
		if len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
			f.sections[name] = raw
		}
	}
	return f, nil
}

// Path is where the file is kept ("" for a nil File).
func (f *File) Path() string {
	if f == nil {
		return ""
	}
	return f.path
}

// Section is the saved state of the product name, nil when the file has none (a new file, or one written before
// the product kept state): the product then starts from its fixture.
func (f *File) Section(name string) []byte {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sections[name]
}

// Save replaces the product's section with v and rewrites the file. The caller holds its own lock across the
// call, so each product's saves land in the order of its changes.
func (f *File) Save(name string, v any) error {
	if f == nil {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sections[name] = data
	doc, err := json.Marshal(document{Products: f.sections})
	if err != nil {
		return err
	}
	return writeAtomic(f.path, doc)
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		_ = os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		_ = os.Remove(name)
		return err
	}
	return nil
}
