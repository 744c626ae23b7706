package harvest

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"maillage/internal/store"
)

// panicError is a harvest that panicked (a bug of maillage): the harvest
// is recorded as failed, and the stack is kept for the server's log.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string {
	return fmt.Sprintf("erreur interne de maillage pendant la moisson (%v) : elle est consignée dans le journal du serveur", e.value)
}

// recovered turns a panic into a *panicError in *err; deferred.
func recovered(err *error) {
	if v := recover(); v != nil {
		*err = &panicError{value: v, stack: debug.Stack()}
	}
}

// logPanic logs a panic of a harvest of source with its stack; false
// when err is not one.
func logPanic(log *slog.Logger, source string, err error) bool {
	p, ok := err.(*panicError)
	if !ok {
		return false
	}
	log.Error("moisson programmée : erreur interne (panique), moisson enregistrée en échec", "source", source, "panique", fmt.Sprint(p.value), "pile", string(p.stack))
	return true
}

// scheduleOnce is ScheduleOnce, a panic of which is logged: the server
// goes on, and tries again at the next tick.
func scheduleOnce(ctx context.Context, st store.Store, now func() time.Time, opt Options, log *slog.Logger) {
	defer func() {
		if v := recover(); v != nil {
			log.Error("moisson programmée : erreur interne (panique)", "panique", fmt.Sprint(v), "pile", string(debug.Stack()))
		}
	}()
	ScheduleOnce(ctx, st, now, opt, log)
}
