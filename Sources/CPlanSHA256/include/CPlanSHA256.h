#ifndef CPLANSHA256_H
#define CPLANSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU can run `aiw_sha256_pair` (x86 SHA extensions, SSSE3 and SSE4.1).
/// Checked once; the answer does not change while the process runs.
int aiw_sha256_pair_available(void);

/// The SHA-256 digests of two messages of the same length, computed together on the
/// calling thread. Only call it when `aiw_sha256_pair_available()` says so.
///
/// - Parameters:
///   - a, b: the two messages, `length` bytes each (they may overlap or be the same).
///   - length: their length in bytes, below 2^61.
///   - digest_a, digest_b: 32 bytes each, for the digests.
void aiw_sha256_pair(const uint8_t *a, const uint8_t *b, size_t length,
                     uint8_t *digest_a, uint8_t *digest_b);

#endif
