package journal

import (
	"testing"
	"time"
)

// BenchmarkDecodeLine decodes one realistic line.
func BenchmarkDecodeLine(b *testing.B) {
	line := lineBytes()
	line = line[:len(line)-1]
	var d decoder
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r := new(Record)
		if err := d.decode(line, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunFilterSkip is what a run-filtered scan spends on a line of
// another run: the needle search it always did, plus the seq peek and
// shape check that let it report a corrupt line it skips. x-floor is the
// whole against the needle search alone, on the same line.
func BenchmarkRunFilterSkip(b *testing.B) {
	line := lineBytes()
	line = line[:len(line)-1]
	needles := [][]byte{[]byte("01JD0000000000000000000R0N")}
	const n = 1 << 16
	start := time.Now() // the floor: the needle search alone, as many lines
	for i := 0; i < b.N; i++ {
		for j := 0; j < n; j++ {
			if containsAny(line, needles) {
				b.Fatal("the needle is in the line")
			}
		}
	}
	floor := float64(time.Since(start).Nanoseconds()) / float64(b.N) / n
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := 0; j < n; j++ {
			if containsAny(line, needles) {
				b.Fatal("the needle is in the line")
			}
			if _, ok := peekSeq(line); !ok && !objectShaped(line) {
				b.Fatal("a good line read as corrupt")
			}
		}
	}
	b.StopTimer()
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / n
	b.ReportMetric(per, "ns/line")
	b.ReportMetric(per/floor, "x-floor")
}
