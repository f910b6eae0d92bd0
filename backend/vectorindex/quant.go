package vectorindex

import "math"

// Vectors are held quantized: each unit vector as dim integers q of type
// elem and one float32 scale, the vector being scale·q (q_i =
// round(x_i/maxabs·elemMax), scale = maxabs/elemMax). A score is
// scale·Σ q_i·query_i with the query in float32.
//
// elem is int16 rather than int8: the scores an index returns must be
// within 1e-4 of the exact cosine (backend/vectortest), and int8 misses
// that by an order of magnitude on dense vectors (see TestQuantizedScores);
// int16 halves the memory of float32 and stays within about 1e-6.
type elem = int16

// elemMax is the largest magnitude of a quantized coordinate.
const elemMax = math.MaxInt16

// elemSize is the size of an elem in bytes.
const elemSize = 2

// quantize writes the quantized v into q (len(v)) and returns its scale;
// the zero vector has scale 0.
func quantize(v []float32, q []elem) float32 {
	var m float32
	for _, x := range v {
		m = max(m, abs32(x))
	}
	if m == 0 {
		clear(q)
		return 0
	}
	k := float64(elemMax) / float64(m)
	for i, x := range v {
		q[i] = elem(math.Round(float64(x) * k))
	}
	return m / elemMax
}

// dequantize writes scale·q into v.
func dequantize(q []elem, scale float32, v []float32) {
	for i, x := range q {
		v[i] = scale * float32(x)
	}
}

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

// qdot is the dot product of the float query a and the quantized vector b
// (without its scale), unrolled by eight into independent sums.
func qdot(a []float32, b []elem) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= len(a); i += 8 {
		aa, bb := a[i:i+8:i+8], b[i:i+8:i+8]
		s0 += aa[0] * float32(bb[0])
		s1 += aa[1] * float32(bb[1])
		s2 += aa[2] * float32(bb[2])
		s3 += aa[3] * float32(bb[3])
		s4 += aa[4] * float32(bb[4])
		s5 += aa[5] * float32(bb[5])
		s6 += aa[6] * float32(bb[6])
		s7 += aa[7] * float32(bb[7])
	}
	for ; i < len(a); i++ {
		s0 += a[i] * float32(b[i])
	}
	return (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)
}
