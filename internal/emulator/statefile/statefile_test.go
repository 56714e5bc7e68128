package statefile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestFile_sectionsSurviveReopen(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	f, err := Open(path, "a")
	if err != nil {
		t.Fatal(err)
	}
	if f.Section("a") != nil {
		t.Fatal("a new file has no sections")
	}
	if err := f.Save("a", map[string]int{"n": 1}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save("b", []string{"x"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save("a", map[string]int{"n": 2}); err != nil {
		t.Fatal(err)
	}
	g, err := Open(path, "a")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(g.Section("a")); got != `{"n":2}` {
		t.Fatalf("a = %s", got)
	}
	if got := string(g.Section("b")); got != `["x"]` {
		t.Fatalf("b = %s", got)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil || len(entries) != 1 {
		t.Fatalf("%d files beside the state file (%v)", len(entries), err)
	}
}

func TestOpen_legacyFileIsOneSection(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(`{"regions":[],"seq":3}`), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path, "ecs")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(f.Section("ecs")); got != `{"regions":[],"seq":3}` {
		t.Fatalf("legacy section = %s", got)
	}
	if f.Section("ecd") != nil {
		t.Fatal("a legacy file has no other section")
	}
	// Saving another section keeps the legacy one, now in the sectioned form.
	if err := f.Save("ecd", struct{}{}); err != nil {
		t.Fatal(err)
	}
	var doc document
	raw, _ := os.ReadFile(path)
	if err := json.Unmarshal(raw, &doc); err != nil || string(doc.Products["ecs"]) != `{"regions":[],"seq":3}` {
		t.Fatalf("rewritten: %v %s", err, raw)
	}
}

func TestOpen_refusesWhatItCannotRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, body := range map[string]string{"corrupt": "{not json", "array": "[1]", "products": `{"products":[1]}`} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(path, "ecs"); err == nil {
			t.Errorf("%s: a state file that cannot be read must be refused, not overwritten", name)
		}
	}
}

func TestNilFile_isMemoryOnly(t *testing.T) {
	t.Parallel()
	var f *File
	if f.Section("a") != nil || f.Path() != "" {
		t.Fatal("a nil file has no sections and no path")
	}
	if err := f.Save("a", 1); err != nil {
		t.Fatal(err)
	}
}
