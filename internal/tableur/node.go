package tableur

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A correspondence file is YAML or JSON. Both are read into the same small
// tree of nodes that remember their line, so that one walker checks the
// file and names the line of every mistake, whichever the syntax.

type nodeKind int

const (
	nullNode nodeKind = iota
	scalarNode
	listNode
	mapNode
)

type node struct {
	kind  nodeKind
	value string // scalarNode
	line  int    // from 1; 0 when unknown
	keys  []*node
	vals  []*node // mapNode: vals[i] is the value of keys[i]
	items []*node // listNode
}

// get returns the value of key k of a mapping.
func (n *node) get(k string) *node {
	for i, key := range n.keys {
		if key.value == k {
			return n.vals[i]
		}
	}
	return nil
}

// maxNodes bounds the nodes of a correspondence file, aliases expanded: a
// real one has a few hundred.
const maxNodes = 100_000

// maxDepth bounds how deep a correspondence nests: a real one goes five
// levels down.
const maxDepth = 32

// syntaxError is a correspondence file that is not YAML or JSON.
type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return e.msg }

// parseTree reads data as JSON when it starts with "{", as YAML otherwise.
func parseTree(data []byte) (*node, error) {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if bytes.HasPrefix(t, []byte("\xef\xbb\xbf")) {
		t = t[3:]
	}
	if len(t) > 0 && t[0] == '{' {
		return parseJSONTree(data)
	}
	return parseYAMLTree(data)
}

func parseYAMLTree(data []byte) (*node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &syntaxError{msg: "fichier vide"}
		}
		return nil, yamlSyntax(err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		return nil, &syntaxError{line: more.Line, msg: "plusieurs documents YAML (« --- ») : un seul est attendu"}
	}
	budget := maxNodes
	return fromYAML(&doc, &budget, 0)
}

// yamlSyntax turns the YAML parser's message ("yaml: line 3: mapping
// values are not allowed in this context") into a French one with its line.
func yamlSyntax(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if n, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(n, "line ") {
		fmt.Sscanf(n, "line %d", &line)
		msg = rest
	}
	return &syntaxError{line: line, msg: "YAML illisible : " + msg}
}

func fromYAML(y *yaml.Node, budget *int, depth int) (*node, error) {
	*budget--
	if *budget < 0 {
		return nil, &syntaxError{line: y.Line, msg: fmt.Sprintf("fichier trop grand : plus de %d valeurs (alias compris)", maxNodes)}
	}
	if depth > maxDepth {
		return nil, &syntaxError{line: y.Line, msg: fmt.Sprintf("imbrication de plus de %d niveaux", maxDepth)}
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil, &syntaxError{msg: "fichier vide"}
		}
		return fromYAML(y.Content[0], budget, depth)
	case yaml.AliasNode:
		if y.Alias == nil {
			return nil, &syntaxError{line: y.Line, msg: "alias YAML sans ancre"}
		}
		return fromYAML(y.Alias, budget, depth+1)
	case yaml.ScalarNode:
		if y.Tag == "!!null" {
			return &node{kind: nullNode, line: y.Line}, nil
		}
		return &node{kind: scalarNode, value: y.Value, line: y.Line}, nil
	case yaml.SequenceNode:
		n := &node{kind: listNode, line: y.Line}
		for _, c := range y.Content {
			item, err := fromYAML(c, budget, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, item)
		}
		return n, nil
	case yaml.MappingNode:
		n := &node{kind: mapNode, line: y.Line}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, &syntaxError{line: k.Line, msg: "clé qui n'est pas un texte"}
			}
			if k.Value == "<<" {
				return nil, &syntaxError{line: k.Line, msg: "fusion YAML « << » non prise en charge : écrivez les clés"}
			}
			if n.get(k.Value) != nil {
				return nil, &syntaxError{line: k.Line, msg: fmt.Sprintf("clé « %s » en double", k.Value)}
			}
			val, err := fromYAML(v, budget, depth+1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, &node{kind: scalarNode, value: k.Value, line: k.Line})
			n.vals = append(n.vals, val)
		}
		return n, nil
	}
	return nil, &syntaxError{line: y.Line, msg: "élément YAML inattendu"}
}

func parseJSONTree(data []byte) (*node, error) {
	lines := lineStarts(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	budget := maxNodes
	n, err := fromJSON(dec, lines, &budget, 0)
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, &syntaxError{line: lineAt(lines, se.Offset), msg: "JSON illisible : " + se.Error()}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, &syntaxError{line: lineAt(lines, int64(len(data))), msg: "JSON incomplet : le fichier s'arrête avant la fin de l'objet"}
		}
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &syntaxError{line: lineAt(lines, dec.InputOffset()), msg: "JSON : texte après la fin de l'objet"}
	}
	return n, nil
}

func fromJSON(dec *json.Decoder, lines []int64, budget *int, depth int) (*node, error) {
	*budget--
	if *budget < 0 {
		return nil, &syntaxError{line: lineAt(lines, dec.InputOffset()), msg: fmt.Sprintf("fichier trop grand : plus de %d valeurs", maxNodes)}
	}
	if depth > maxDepth {
		return nil, &syntaxError{line: lineAt(lines, dec.InputOffset()), msg: fmt.Sprintf("imbrication de plus de %d niveaux", maxDepth)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	line := lineAt(lines, dec.InputOffset())
	switch t := tok.(type) {
	case nil:
		return &node{kind: nullNode, line: line}, nil
	case string:
		return &node{kind: scalarNode, value: t, line: line}, nil
	case json.Number:
		return &node{kind: scalarNode, value: t.String(), line: line}, nil
	case bool:
		return &node{kind: scalarNode, value: fmt.Sprint(t), line: line}, nil
	case json.Delim:
		switch t {
		case '[':
			n := &node{kind: listNode, line: line}
			for dec.More() {
				item, err := fromJSON(dec, lines, budget, depth+1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, item)
			}
			_, err := dec.Token() // ]
			return n, err
		case '{':
			n := &node{kind: mapNode, line: line}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				kline := lineAt(lines, dec.InputOffset())
				if n.get(key) != nil {
					return nil, &syntaxError{line: kline, msg: fmt.Sprintf("clé « %s » en double", key)}
				}
				val, err := fromJSON(dec, lines, budget, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, &node{kind: scalarNode, value: key, line: kline})
				n.vals = append(n.vals, val)
			}
			_, err := dec.Token() // }
			return n, err
		}
	}
	return nil, &syntaxError{line: line, msg: "élément JSON inattendu"}
}

// lineStarts returns the offset where each line of data starts.
func lineStarts(data []byte) []int64 {
	starts := []int64{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, int64(i+1))
		}
	}
	return starts
}

// lineAt returns the line (from 1) of the byte just before offset off.
func lineAt(starts []int64, off int64) int {
	if off > 0 {
		off--
	}
	lo, hi := 0, len(starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}
