package failure

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestCodeAndMessage(t *testing.T) {
	nf := Errorf(NotFound, "lieu %q introuvable", "x")
	wrapped := fmt.Errorf("lecture : %w", nf)
	tests := []struct {
		name string
		err  error
		code Code
		msg  string
	}{
		{"nil", nil, "", "Erreur interne du serveur : réessayez plus tard."},
		{"plain", errors.New("disk on fire"), Internal, "Erreur interne du serveur : réessayez plus tard."},
		{"typed", nf, NotFound, `lieu "x" introuvable`},
		{"wrapped", wrapped, NotFound, `lieu "x" introuvable`},
		{"internal hides", Wrap(Internal, errors.New("secret"), "détail"), Internal, "Erreur interne du serveur : réessayez plus tard."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CodeOf(tt.err); got != tt.code {
				t.Errorf("CodeOf = %q, want %q", got, tt.code)
			}
			if got := MessageOf(tt.err); got != tt.msg {
				t.Errorf("MessageOf = %q, want %q", got, tt.msg)
			}
		})
	}
}

func TestSentinelsMatchByCode(t *testing.T) {
	err := fmt.Errorf("x: %w", Errorf(Conflict, "modifié entre-temps"))
	if !errors.Is(err, ErrConflict) {
		t.Error("errors.Is(conflict, ErrConflict) = false")
	}
	if errors.Is(err, ErrNotFound) {
		t.Error("errors.Is(conflict, ErrNotFound) = true")
	}
	cause := errors.New("cause")
	if !errors.Is(Wrap(Unavailable, cause, "occupé"), cause) {
		t.Error("Wrap does not unwrap to its cause")
	}
}

func TestActorsNamed(t *testing.T) {
	err := fmt.Errorf("x: %w", Errorf(Conflict, "Déjà décidé (par %s).", "compte:2").Naming("compte:2"))
	if got := ActorsOf(err); len(got) != 1 || got[0] != "compte:2" {
		t.Errorf("ActorsOf = %v", got)
	}
	if got := ActorsOf(errors.New("x")); got != nil {
		t.Errorf("ActorsOf(plain) = %v", got)
	}
	if !errors.Is(err, ErrConflict) {
		t.Error("a failure naming actors is no longer a conflict")
	}
}

// TestWaitOf: the wait a failure says, through wrapping; 0 when none does.
func TestWaitOf(t *testing.T) {
	limited := &Error{Code: TooMany, Message: "Trop de demandes.", Wait: 90 * time.Second}
	for _, tt := range []struct {
		name string
		err  error
		want time.Duration
	}{
		{"nil", nil, 0},
		{"plain", errors.New("x"), 0},
		{"no wait", Errorf(TooMany, "Trop de demandes."), 0},
		{"wait", limited, 90 * time.Second},
		{"wrapped", fmt.Errorf("orientation : %w", limited), 90 * time.Second},
	} {
		if got := WaitOf(tt.err); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
