package tableur

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's example of a correspondence file is one.
func TestREADMEExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "### The correspondence file")
	if !ok {
		t.Fatal("README has no section « The correspondence file »")
	}
	_, block, ok := strings.Cut(section, "```yaml\n")
	if !ok {
		t.Fatal("the section has no YAML example")
	}
	block, _, _ = strings.Cut(block, "```")
	c, err := ParseCorrespondence([]byte(block), "README.md")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "inventaire-hub" || c.Sheet != "Lieux" || c.HeaderLine != 2 || c.Separator != ';' || len(c.Keep) != 1 {
		t.Errorf("read %+v", c)
	}
}
