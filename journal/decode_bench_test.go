package journal

import "testing"

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
