/*
 * Small text helpers shared by the parsers: strict base64 (RFC 4648 section 4), the
 * quoting of hostile input in error messages, and which characters a text may hold.
 */
#ifndef LEASELEDGER_TEXT_H
#define LEASELEDGER_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of escaped input a message quotes at most, and the buffer that holds it. */
#define LDG_QUOTE_MAX    64
#define LDG_QUOTE_BUFLEN (LDG_QUOTE_MAX + 8)

/*
 * Writes s[0..len) into out between double quotes: printable ASCII as is, '"' and '\\'
 * escaped, every other byte as \xNN, cut to LDG_QUOTE_MAX bytes with "..." after the
 * closing quote when the input was longer. Control bytes never reach a terminal
 * through an error message. Returns out.
 */
const char *ldg_text_quote(char out[LDG_QUOTE_BUFLEN], const char *s, size_t len);

/*
 * 1 if s[0..len) holds no control character but line feeds: no other byte below 0x20,
 * no DEL, no C1 control (U+0080..U+009F, UTF-8 C2 80..C2 9F). Names (a tenant's, a
 * site's, an operator's) are refused at load otherwise: they reach terminals, PDFs and
 * CSV files (issue 14). A line feed stays allowed: documents already loaded use it for
 * names on two lines, and CSV quotes it.
 */
int ldg_text_no_controls(const char *s, size_t len);

/*
 * 1 if s[0..len) is valid UTF-8 (utf8.h) without NUL and, unless allow_controls, without
 * any other control character below 0x20 or DEL (C1 controls, U+0080..U+009F, pass:
 * usage files have always accepted them). Runs of ASCII are checked eight bytes at a
 * time: this reads every byte of every usage file.
 */
int ldg_text_is_utf8(const char *s, size_t len, int allow_controls);

/* ldg_text_is_utf8(s, len, 0): the check of every usage field. */
int ldg_text_is_clean(const char *s, size_t len);

/* Value 0..63 of a character of the standard base64 alphabet, or -1. */
int ldg_b64_value(unsigned char c);

/* Characters of the standard padded base64 of n bytes, without the NUL. */
#define LDG_B64_LEN(n) (((n) + 2) / 3 * 4)

/* Standard padded base64 of in[0..n) into out (LDG_B64_LEN(n) + 1 bytes, NUL added). */
void ldg_b64_encode(char *out, const uint8_t *in, size_t n);

/*
 * Strict decoding: the standard alphabet only, padding required, unused bits zero, so
 * every byte string has exactly one accepted encoding (EVP_DecodeBlock alone skips
 * white space, takes '=' anywhere and counts padding as data). out holds cap bytes.
 * Returns 0 with *n the decoded length, or -1.
 */
int ldg_b64_decode(uint8_t *out, size_t cap, size_t *n, const char *s, size_t len);

#endif
