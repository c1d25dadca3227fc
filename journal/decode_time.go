package journal

import "time"

// parseTS parses a timestamp, reusing the previous one's date and seconds
// when they are the same.
func (d *decoder) parseTS(s []byte) (time.Time, error) {
	if len(s) == len(tsLayout) && !d.tsSec.IsZero() && string(s[:19]) == string(d.tsPrefix[:]) && s[19] == '.' && s[29] == 'Z' {
		ns := 0
		for _, c := range s[20:29] {
			if c < '0' || c > '9' {
				ns = -1
				break
			}
			ns = ns*10 + int(c-'0')
		}
		if ns >= 0 {
			return d.tsSec.Add(time.Duration(ns)), nil
		}
	}
	t, err := parseTS(s)
	if err == nil && len(s) == len(tsLayout) && s[29] == 'Z' {
		copy(d.tsPrefix[:], s[:19])
		d.tsSec = t.Truncate(time.Second)
	}
	return t, err
}

// parseTS parses the journal's timestamp, fast for the form it writes.
func parseTS(s []byte) (time.Time, error) {
	if len(s) == len(tsLayout) && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
		s[16] == ':' && s[19] == '.' && s[29] == 'Z' {
		var v [7]int
		ok := true
		num := func(i, n int) int {
			x := 0
			for _, c := range s[i : i+n] {
				if c < '0' || c > '9' {
					ok = false
				}
				x = x*10 + int(c-'0')
			}
			return x
		}
		v[0], v[1], v[2] = num(0, 4), num(5, 2), num(8, 2)
		v[3], v[4], v[5], v[6] = num(11, 2), num(14, 2), num(17, 2), num(20, 9)
		if ok && v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= 31 && v[3] < 24 && v[4] < 60 && v[5] < 60 {
			t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], v[6], time.UTC)
			if t.Day() == v[2] {
				return t, nil
			}
		}
	}
	t, err := time.Parse(time.RFC3339Nano, string(s))
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}
