package mockcallfire

import "sort"

// table stores one kind of object (webhooks, subscriptions) by id. It keeps the ids in
// ascending order, so that lists page in a stable order, and hands out new ids the way
// CallFire's look: large numbers a fixed step apart. The Server's mutex guards it.
type table[T any] struct {
	rows  map[int64]*T
	order []int64
	next  int64
	// clone copies a row deeply enough that callers outside the lock cannot reach into
	// the store.
	clone func(T) T
}

func newTable[T any](first int64, clone func(T) T) table[T] {
	return table[T]{rows: map[int64]*T{}, next: first, clone: clone}
}

// newID returns the next id that no row has.
func (t *table[T]) newID() int64 {
	for t.rows[t.next] != nil {
		t.next += idStep
	}
	id := t.next
	t.next += idStep
	return id
}

// put stores row under id, replacing what was there.
func (t *table[T]) put(id int64, row T) {
	t.rows[id] = &row
	i := sort.Search(len(t.order), func(i int) bool { return t.order[i] >= id })
	if i < len(t.order) && t.order[i] == id {
		return
	}
	t.order = append(t.order, 0)
	copy(t.order[i+1:], t.order[i:])
	t.order[i] = id
}

// remove deletes the row with id; false when there is none.
func (t *table[T]) remove(id int64) bool {
	if _, ok := t.rows[id]; !ok {
		return false
	}
	delete(t.rows, id)
	i := sort.Search(len(t.order), func(i int) bool { return t.order[i] >= id })
	t.order = append(t.order[:i], t.order[i+1:]...)
	return true
}

// copyOf returns a copy of the row with id.
func (t *table[T]) copyOf(id int64) (T, bool) {
	row, ok := t.rows[id]
	if !ok {
		var zero T
		return zero, false
	}
	return t.clone(*row), true
}

// copies returns a copy of every row, ordered by id.
func (t *table[T]) copies() []T {
	out := make([]T, 0, len(t.order))
	for _, id := range t.order {
		out = append(out, t.clone(*t.rows[id]))
	}
	return out
}
