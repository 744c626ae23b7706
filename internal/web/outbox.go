package web

import (
	"context"
	"time"
)

// mailTimeout bounds the sending of one e-mail (database look-ups and SMTP).
const mailTimeout = 30 * time.Second

// background runs work that outlives its request (sending an e-mail) so
// that Shutdown can wait for it: the context ends after mailTimeout or when
// Shutdown gives up.
func (s *Server) background(work func(ctx context.Context)) {
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		ctx, cancel := context.WithTimeout(s.stopping, mailTimeout)
		defer cancel()
		work(ctx)
	}()
}

// Shutdown waits for the e-mails being sent, until ctx ends; then it
// cancels them and returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.pending.Wait()
		close(done)
	}()
	select {
	case <-done:
		s.stop()
		return nil
	case <-ctx.Done():
		s.stop()
		<-done
		return ctx.Err()
	}
}
