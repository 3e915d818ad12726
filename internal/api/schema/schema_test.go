package schema

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/civil"
)

type color string

func (color) Enum() []string { return []string{"red", "blue"} }

type inner struct {
	N int `json:"n"`
}

type sample struct {
	ID        int64       `json:"id"`
	Note      string      `json:"note,omitempty"`
	On        *civil.Date `json:"on"`
	At        time.Time   `json:"at"`
	Color     color       `json:"color"`
	Month     string      `json:"month" pattern:"month"`
	AmountFen int64       `json:"amount_fen"`
	Inner     *inner      `json:"inner"`
	List      []inner     `json:"list"`
}

type page[T any] struct {
	Items []T `json:"items"`
}

// The generator's schemas, as the document serves them, accept what
// encoding/json writes for the struct and name the path of a mismatch.
func TestGenerateAndValidate(t *testing.T) {
	g := New()
	ref := g.Of(page[sample]{})
	if ref["$ref"] != "#/components/schemas/samplepage" {
		t.Fatalf("ref %v", ref)
	}
	doc := map[string]any{"components": map[string]any{"schemas": g.Schemas}}
	b, _ := json.Marshal(doc)
	d, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	v := NewValidator(d.(map[string]any))
	rb, _ := json.Marshal(ref)
	s, _ := Decode(rb)

	on := civil.MustParse("2023-12-18")
	good := page[sample]{Items: []sample{
		{ID: 1, On: &on, At: time.Now(), Color: "red", Month: "2023-12", Inner: &inner{N: 1}, List: []inner{}},
		{ID: 2, Color: "blue", Month: "2024-01", List: []inner{{N: 2}}},
	}}
	if err := v.Validate(s, decode(t, good)); err != nil {
		t.Errorf("good value refused: %v", err)
	}
	for _, tc := range []struct {
		name, body, want string
	}{
		{"empty date", `{"items":[{"id":1,"on":"","at":"2023-12-18T09:00:00Z","color":"red","month":"2023-12","amount_fen":0,"inner":null,"list":[]}]}`, "$.items[0].on"},
		{"unknown property", `{"items":[{"id":1,"on":null,"at":"2023-12-18T09:00:00Z","color":"red","month":"2023-12","amount_fen":0,"inner":null,"list":[],"x":1}]}`, "$.items[0].x"},
		{"missing required", `{"items":[{"id":1,"on":null,"color":"red","month":"2023-12","amount_fen":0,"inner":null,"list":[]}]}`, `"at"`},
		{"enum", `{"items":[{"id":1,"on":null,"at":"2023-12-18T09:00:00Z","color":"green","month":"2023-12","amount_fen":0,"inner":null,"list":[]}]}`, "$.items[0].color"},
		{"pattern", `{"items":[{"id":1,"on":null,"at":"2023-12-18T09:00:00Z","color":"red","month":"2023-13","amount_fen":0,"inner":null,"list":[]}]}`, "$.items[0].month"},
		{"null list", `{"items":null}`, "$.items"},
		{"integer", `{"items":[{"id":1.5,"on":null,"at":"2023-12-18T09:00:00Z","color":"red","month":"2023-12","amount_fen":0,"inner":null,"list":[]}]}`, "$.items[0].id"},
		{"nested", `{"items":[{"id":1,"on":null,"at":"2023-12-18T09:00:00Z","color":"red","month":"2023-12","amount_fen":0,"inner":{"n":"1"},"list":[]}]}`, "$.items[0].inner.n"},
	} {
		x, err := Decode([]byte(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		err = v.Validate(s, x)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a mismatch at %s", tc.name, err, tc.want)
		}
	}
	props := g.Schemas["sample"].(map[string]any)["properties"].(map[string]any)
	if d, _ := props["amount_fen"].(map[string]any)["description"].(string); !strings.Contains(d, "fen") {
		t.Errorf("amount_fen undocumented: %v", props["amount_fen"])
	}
}

func decode(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	x, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return x
}
