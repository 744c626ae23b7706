package web

import (
	"net/http"
	"strconv"
	"sync"
)

// bufPool recycles the buffers API answers are built in: less garbage,
// fewer collections of a large heap, a shorter latency tail.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// apiLieux answers GET /api/v1/lieux: the places a search finds, one page.
func (s *Server) apiLieux(w http.ResponseWriter, r *http.Request) {
	req, res, ok := s.apiSearch(w, r)
	if !ok {
		return
	}
	buf := bufPool.Get().(*[]byte)
	defer bufPool.Put(buf)
	b := (*buf)[:0]
	b = append(b, `{"total":`...)
	b = strconv.AppendInt(b, int64(res.Total), 10)
	b = append(b, `,"page":`...)
	b = strconv.AppendInt(b, int64(res.Page), 10)
	b = append(b, `,"pages":`...)
	b = strconv.AppendInt(b, int64(res.Pages), 10)
	b = append(b, `,"lieux":[`...)
	day := today(req.Now)
	for i := range res.Hits {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendHit(b, &res.Hits[i], req.Query.Center != nil, day)
	}
	b = append(b, "]}\n"...)
	*buf = b
	cors(w)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}
