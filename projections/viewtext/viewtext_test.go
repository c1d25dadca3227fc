package viewtext

import (
	"testing"
	"time"
)

func TestAge_LargestOneOrTwoUnits(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Second: "0s", 45 * time.Second: "45s", 12 * time.Minute: "12m", 2 * time.Hour: "2h",
		3*time.Hour + 5*time.Minute: "3h05m", 48 * time.Hour: "2d", 52 * time.Hour: "2d4h",
	} {
		if got := Age(d); got != want {
			t.Errorf("Age(%s) = %q, want %q", d, got, want)
		}
	}
}
