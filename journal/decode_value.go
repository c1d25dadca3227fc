package journal

// The generic JSON value scanner: detail objects (and unknown members) are
// validated and stepped over without being built.

// skip validates and steps over any JSON value.
func (d *decoder) skip(depth int) error {
	if depth > maxDepth {
		return d.fail("nesting too deep")
	}
	switch c := d.peek(); {
	case c == '{' || c == '[':
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		d.pos++
		d.ws()
		if d.eat(closer) {
			return nil
		}
		for {
			d.ws()
			if c == '{' {
				if _, err := d.strRaw(); err != nil {
					return err
				}
				d.ws()
				if !d.eat(':') {
					return d.fail("expected ':'")
				}
				d.ws()
			}
			if err := d.skip(depth + 1); err != nil {
				return err
			}
			d.ws()
			if d.eat(',') {
				continue
			}
			if d.eat(closer) {
				return nil
			}
			return d.fail("expected ',' or closing bracket")
		}
	case c == '"':
		_, err := d.strRaw()
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if len(d.buf)-d.pos >= len(lit) && string(d.buf[d.pos:d.pos+len(lit)]) == lit {
				d.pos += len(lit)
				return nil
			}
		}
		return d.fail("invalid value")
	}
}

// strRaw steps over a string, validating escapes, without building it.
func (d *decoder) strRaw() (int, error) {
	if !d.eat('"') {
		return 0, d.fail("expected a string")
	}
	start := d.pos
	for d.pos < len(d.buf) {
		for d.pos < len(d.buf) && !stopByte[d.buf[d.pos]] {
			d.pos++
		}
		if d.pos >= len(d.buf) {
			break
		}
		c := d.buf[d.pos]
		switch {
		case c == '"':
			d.pos++
			return start, nil
		case c < 0x20:
			return 0, d.fail("control character in string")
		case c == '\\':
			d.pos++
			if d.pos >= len(d.buf) {
				return 0, d.fail("unterminated string")
			}
			switch d.buf[d.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				d.pos++
			case 'u':
				d.pos++
				if _, err := d.hex4(); err != nil {
					return 0, err
				}
			default:
				return 0, d.fail("invalid escape in string")
			}
			continue
		}
		d.pos++
	}
	return 0, d.fail("unterminated string")
}

// number steps over a JSON number.
func (d *decoder) number() error {
	d.eat('-')
	digits := func() int {
		n := 0
		for d.pos < len(d.buf) && d.buf[d.pos] >= '0' && d.buf[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	if d.eat('0') {
		// no further integer digits allowed
	} else if digits() == 0 {
		return d.fail("invalid number")
	}
	if d.eat('.') && digits() == 0 {
		return d.fail("invalid number fraction")
	}
	if d.eat('e') || d.eat('E') {
		if !d.eat('+') {
			d.eat('-')
		}
		if digits() == 0 {
			return d.fail("invalid number exponent")
		}
	}
	return nil
}
