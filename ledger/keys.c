/*
 * Ed25519 signers and verifiers over OpenSSL EVP, named and identified as C2SP
 * signed-note keys.
 *
 * The private key lives only inside an EVP_PKEY (OpenSSL cleanses it when freed). The
 * only private bytes this file ever holds itself are the key file's text while it is
 * parsed or written; that buffer is cleansed on every path, and the PEM is built in a
 * secure-memory BIO so no stale copy is left by a reallocation. Messages name the file
 * and the key name, never key material.
 *
 * A key file is read through one descriptor: open() then fstat() on it, so the file
 * whose owner and mode were checked is the file that is read (no stat-then-open race).
 * Symbolic links are followed on load (the checks apply to the file itself) but never
 * on save, where O_EXCL|O_NOFOLLOW refuses any existing path.
 *
 * Base64 is done here with EVP_EncodeBlock/EVP_DecodeBlock behind a strict check, not
 * with merkle.c's helpers, so that this module depends only on libcrypto.
 */
#include "ledger/keys.h"

#include "ledger/text.h"
#include "ledger/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_NAME_PREFIX  "leaseledger-key-name: "
#define KEY_FILE_MAX     16384 /* a key file is ~150 bytes; anything this big is not one */
#define SIG_TYPE_ED25519 0x01

struct ldg_signer {
    EVP_PKEY *pkey;
    uint32_t key_id;
    uint8_t pub[LDG_ED25519_LEN];
    char name[LDG_KEY_NAME_MAX + 1];
};

struct ldg_verifier {
    EVP_PKEY *pkey;
    uint32_t key_id;
    uint8_t pub[LDG_ED25519_LEN];
    char name[LDG_KEY_NAME_MAX + 1];
};

/* Unicode White_Space (what Go's unicode.IsSpace and so sumdb/note reject). */
static int is_space(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 || c == 0xa0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
           c == 0x202f || c == 0x205f || c == 0x3000;
}

static int is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

ldg_code ldg_key_name_check(const char *name, size_t len, ldg_error *err)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t i = 0, step;
    uint32_t c;

    if (len == 0)
        return ldg_error_set(err, LDG_EINVAL, "invalid key name: empty");
    if (len > LDG_KEY_NAME_MAX)
        return ldg_error_set(err, LDG_EINVAL, "invalid key name: longer than %d bytes",
                             LDG_KEY_NAME_MAX);
    while (i < len) {
        step = ldg_utf8_next(&c, p + i, len - i);
        if (step == 0)
            return ldg_error_set(err, LDG_EINVAL, "invalid key name: not valid UTF-8");
        if (c == '+')
            return ldg_error_set(err, LDG_EINVAL, "invalid key name: contains '+'");
        if (is_space(c))
            return ldg_error_set(err, LDG_EINVAL,
                                 "invalid key name: contains white space");
        if (is_control(c))
            return ldg_error_set(err, LDG_EINVAL,
                                 "invalid key name: contains a control character");
        i += step;
    }
    return LDG_OK;
}

ldg_code ldg_key_id_typed(uint32_t *out, const char *name, size_t name_len,
                          uint8_t sig_type, const uint8_t pub[LDG_ED25519_LEN],
                          ldg_error *err)
{
    const uint8_t sep[2] = { 0x0a, sig_type };
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    int ok;

    ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
         EVP_DigestUpdate(ctx, name, name_len) == 1 &&
         EVP_DigestUpdate(ctx, sep, sizeof(sep)) == 1 &&
         EVP_DigestUpdate(ctx, pub, LDG_ED25519_LEN) == 1 &&
         EVP_DigestFinal_ex(ctx, md, &md_len) == 1 && md_len >= 4;
    EVP_MD_CTX_free(ctx);
    if (!ok) {
        ERR_clear_error();
        return ldg_error_set(err, LDG_EINTERNAL, "could not compute key id");
    }
    *out = (uint32_t)md[0] << 24 | (uint32_t)md[1] << 16 | (uint32_t)md[2] << 8 |
           (uint32_t)md[3];
    return LDG_OK;
}

uint32_t ldg_key_id(const char *name, const uint8_t pub[LDG_ED25519_LEN])
{
    uint32_t id = 0;

    if (ldg_key_id_typed(&id, name, strlen(name), SIG_TYPE_ED25519, pub, NULL) != LDG_OK)
        return 0;
    return id;
}

static ldg_code public_of(uint8_t pub[LDG_ED25519_LEN], const EVP_PKEY *pkey,
                          ldg_error *err)
{
    size_t n = LDG_ED25519_LEN;

    if (EVP_PKEY_get_raw_public_key(pkey, pub, &n) != 1 || n != LDG_ED25519_LEN) {
        ERR_clear_error();
        return ldg_error_set(err, LDG_EINTERNAL, "could not read the Ed25519 public key");
    }
    return LDG_OK;
}

/* Builds a signer around pkey, taking ownership of pkey even on failure. */
static ldg_code signer_take(ldg_signer **out, const char *name, size_t name_len,
                            EVP_PKEY *pkey, ldg_error *err)
{
    ldg_signer *s = NULL;
    ldg_code rc;

    rc = ldg_key_name_check(name, name_len, err);
    if (rc != LDG_OK)
        goto fail;
    if (EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
        rc = ldg_error_set(err, LDG_EINVAL, "key \"%s\" is not an Ed25519 key", name);
        goto fail;
    }
    s = calloc(1, sizeof(*s));
    if (!s) {
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        goto fail;
    }
    rc = public_of(s->pub, pkey, err);
    if (rc == LDG_OK)
        rc = ldg_key_id_typed(&s->key_id, name, name_len, SIG_TYPE_ED25519, s->pub, err);
    if (rc != LDG_OK)
        goto fail;
    memcpy(s->name, name, name_len);
    s->name[name_len] = '\0';
    s->pkey = pkey;
    *out = s;
    return LDG_OK;

fail:
    EVP_PKEY_free(pkey);
    free(s);
    return rc;
}

ldg_code ldg_signer_generate(ldg_signer **out, const char *name, ldg_error *err)
{
    EVP_PKEY_CTX *ctx;
    EVP_PKEY *pkey = NULL;
    ldg_code rc;

    *out = NULL;
    rc = ldg_key_name_check(name, strlen(name), err);
    if (rc != LDG_OK)
        return rc;
    ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
    if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &pkey) != 1) {
        EVP_PKEY_CTX_free(ctx);
        ERR_clear_error();
        return ldg_error_set(err, LDG_EINTERNAL, "could not generate an Ed25519 key");
    }
    EVP_PKEY_CTX_free(ctx);
    return signer_take(out, name, strlen(name), pkey, err);
}

ldg_code ldg_signer_from_seed(ldg_signer **out, const char *name, const uint8_t seed[32],
                              ldg_error *err)
{
    EVP_PKEY *pkey;
    ldg_code rc;

    *out = NULL;
    rc = ldg_key_name_check(name, strlen(name), err);
    if (rc != LDG_OK)
        return rc;
    pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
    if (!pkey) {
        ERR_clear_error();
        return ldg_error_set(err, LDG_EINTERNAL,
                             "could not make an Ed25519 key from seed");
    }
    return signer_take(out, name, strlen(name), pkey, err);
}

/* Never prompt: an encrypted key file is refused, not asked about on a terminal. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

ldg_code ldg_signer_load(ldg_signer **out, const char *path, ldg_error *err)
{
    static const size_t plen = sizeof(KEY_NAME_PREFIX) - 1;
    unsigned char buf[KEY_FILE_MAX + 1];
    char name[LDG_KEY_NAME_MAX + 1];
    const unsigned char *nl;
    size_t len = 0, name_len;
    struct stat st;
    BIO *bio = NULL;
    EVP_PKEY *pkey;
    ssize_t r;
    ldg_code rc = LDG_OK;
    int fd;

    *out = NULL;
    /* O_NONBLOCK: opening a FIFO must not hang; it is refused below. */
    fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return ldg_error_set(err, LDG_EIO, "could not open key file \"%s\": %s", path,
                             strerror(errno));
    if (fstat(fd, &st) != 0) {
        rc = ldg_error_set(err, LDG_EIO, "could not stat key file \"%s\": %s", path,
                           strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        rc =
            ldg_error_set(err, LDG_EINVAL, "key file \"%s\" is not a regular file", path);
        goto done;
    }
    if (st.st_uid != geteuid()) {
        rc = ldg_error_set(err, LDG_EINVAL,
                           "key file \"%s\" is not owned by the current user", path);
        ldg_error_hint(err, "The key file must belong to the user that signs.");
        goto done;
    }
    if ((st.st_mode & 077) != 0) {
        rc = ldg_error_set(err, LDG_EINVAL,
                           "key file \"%s\" has group or other permissions (mode %04o)",
                           path, (unsigned int)(st.st_mode & 07777));
        ldg_error_hint(err, "Run chmod 600 on the key file.");
        goto done;
    }
    while (len < sizeof(buf)) {
        r = read(fd, buf + len, sizeof(buf) - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = ldg_error_set(err, LDG_EIO, "could not read key file \"%s\": %s", path,
                               strerror(errno));
            goto done;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (len > KEY_FILE_MAX) {
        rc = ldg_error_set(err, LDG_EINVAL, "key file \"%s\" is too large", path);
        goto done;
    }
    nl = len > plen && memcmp(buf, KEY_NAME_PREFIX, plen) == 0
             ? memchr(buf + plen, '\n', len - plen)
             : NULL;
    if (!nl) {
        rc = ldg_error_set(err, LDG_EINVAL,
                           "key file \"%s\" does not begin with a "
                           "\"leaseledger-key-name:\" line",
                           path);
        goto done;
    }
    name_len = (size_t)(nl - (buf + plen));
    rc = ldg_key_name_check((const char *)buf + plen, name_len, err);
    if (rc != LDG_OK) {
        ldg_error_where(err, "key file \"%s\"", path);
        goto done;
    }
    memcpy(name, buf + plen, name_len);
    name[name_len] = '\0';
    bio = BIO_new_mem_buf(nl + 1, (int)(len - (size_t)(nl + 1 - buf)));
    pkey = bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL) : NULL;
    if (!pkey) {
        rc = ldg_error_set(err, LDG_EINVAL,
                           "key file \"%s\" holds no readable private key", path);
        ldg_error_hint(err, "Write it with \"leaseledger keygen\"; encrypted keys are "
                            "not supported.");
        goto done;
    }
    rc = signer_take(out, name, name_len, pkey, err);
    if (rc != LDG_OK)
        ldg_error_where(err, "key file \"%s\"", path);

done:
    BIO_free(bio);
    OPENSSL_cleanse(buf, sizeof(buf));
    close(fd);
    ERR_clear_error(); /* the PEM decoders leave notes of what they tried */
    return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
    ssize_t r;

    while (n > 0) {
        r = write(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

ldg_code ldg_signer_save(const ldg_signer *s, const char *path, ldg_error *err)
{
    BIO *bio = NULL;
    char *data = NULL;
    long n = 0;
    ldg_code rc = LDG_OK;
    int fd, e;

    /* Secure-heap BIO: its buffer is cleansed on free and on every reallocation. */
    bio = BIO_new(BIO_s_secmem());
    if (!bio || BIO_printf(bio, "%s%s\n", KEY_NAME_PREFIX, s->name) <= 0 ||
        PEM_write_bio_PrivateKey(bio, s->pkey, NULL, NULL, 0, NULL, NULL) != 1 ||
        (n = BIO_get_mem_data(bio, &data)) <= 0) {
        BIO_free(bio);
        ERR_clear_error();
        return ldg_error_set(err, LDG_EINTERNAL, "could not encode key \"%s\"", s->name);
    }
    fd =
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = ldg_error_set(err, LDG_EIO, "could not create key file \"%s\": %s", path,
                           strerror(errno));
        BIO_free(bio);
        return rc;
    }
    if (write_all(fd, data, (size_t)n) != 0 || fsync(fd) != 0) {
        e = errno;
        rc = ldg_error_set(err, LDG_EIO, "could not write key file \"%s\": %s", path,
                           strerror(e));
    }
    if (close(fd) != 0 && rc == LDG_OK)
        rc = ldg_error_set(err, LDG_EIO, "could not write key file \"%s\": %s", path,
                           strerror(errno));
    if (rc != LDG_OK)
        unlink(path); /* we created it (O_EXCL): never leave half a key behind */
    BIO_free(bio);
    return rc;
}

void ldg_signer_free(ldg_signer *s)
{
    if (!s)
        return;
    EVP_PKEY_free(s->pkey);
    free(s);
}

const char *ldg_signer_name(const ldg_signer *s)
{
    return s->name;
}

uint32_t ldg_signer_key_id(const ldg_signer *s)
{
    return s->key_id;
}

const uint8_t *ldg_signer_public(const ldg_signer *s)
{
    return s->pub;
}

static ldg_code verifier_new(ldg_verifier **out, const char *name, size_t name_len,
                             const uint8_t pub[LDG_ED25519_LEN], ldg_error *err)
{
    ldg_verifier *v;
    ldg_code rc;

    *out = NULL;
    rc = ldg_key_name_check(name, name_len, err);
    if (rc != LDG_OK)
        return rc;
    v = calloc(1, sizeof(*v));
    if (!v)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    v->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, LDG_ED25519_LEN);
    if (!v->pkey) {
        free(v);
        ERR_clear_error();
        return ldg_error_set(err, LDG_EINVAL, "invalid Ed25519 public key");
    }
    rc = ldg_key_id_typed(&v->key_id, name, name_len, SIG_TYPE_ED25519, pub, err);
    if (rc != LDG_OK) {
        ldg_verifier_free(v);
        return rc;
    }
    memcpy(v->pub, pub, LDG_ED25519_LEN);
    memcpy(v->name, name, name_len);
    v->name[name_len] = '\0';
    *out = v;
    return LDG_OK;
}

ldg_code ldg_signer_verifier(ldg_verifier **out, const ldg_signer *s, ldg_error *err)
{
    return verifier_new(out, s->name, strlen(s->name), s->pub, err);
}

ldg_code ldg_signer_sign(uint8_t sig[LDG_SIG_LEN], const ldg_signer *s, const void *msg,
                         size_t len, ldg_error *err)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t sig_len = LDG_SIG_LEN;
    int ok;

    ok = ctx != NULL && EVP_DigestSignInit(ctx, NULL, NULL, NULL, s->pkey) == 1 &&
         EVP_DigestSign(ctx, sig, &sig_len, (const unsigned char *)(msg ? msg : ""),
                        len) == 1 &&
         sig_len == LDG_SIG_LEN;
    EVP_MD_CTX_free(ctx);
    if (!ok) {
        ERR_clear_error();
        return ldg_error_set(err, LDG_EINTERNAL, "could not sign with key \"%s\"",
                             s->name);
    }
    return LDG_OK;
}

ldg_code ldg_verifier_parse(ldg_verifier **out, const char *vkey, ldg_error *err)
{
    const char *plus = strchr(vkey, '+'), *b64;
    uint8_t raw[48];
    uint32_t want = 0;
    size_t n = 0, name_len, b64_len, i;
    ldg_code rc;
    int d;

    *out = NULL;
    if (!plus)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid verifier key: expected \"name+keyid+key\"");
    name_len = (size_t)(plus - vkey);
    rc = ldg_key_name_check(vkey, name_len, err);
    if (rc != LDG_OK)
        return rc;
    for (i = 1; i <= 8; i++) {
        char c = plus[i];

        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            d = -1;
        if (d < 0)
            return ldg_error_set(
                err, LDG_EINVAL,
                "invalid verifier key: key id is not 8 lowercase hex digits");
        want = want << 4 | (uint32_t)d;
    }
    if (plus[9] != '+')
        return ldg_error_set(
            err, LDG_EINVAL,
            "invalid verifier key: key id is not 8 lowercase hex digits");
    b64 = plus + 10;
    b64_len = strlen(b64);
    if (ldg_b64_decode(raw, sizeof(raw), &n, b64, b64_len) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid verifier key: key is not 33 bytes of base64");
    if (raw[0] != SIG_TYPE_ED25519)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid verifier key: unsupported signature type 0x%02x",
                             raw[0]);
    if (n != 1 + LDG_ED25519_LEN)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid verifier key: Ed25519 key is not 32 bytes");
    rc = verifier_new(out, vkey, name_len, raw + 1, err);
    if (rc != LDG_OK)
        return rc;
    if ((*out)->key_id != want) {
        ldg_verifier_free(*out);
        *out = NULL;
        return ldg_error_set(
            err, LDG_EINVAL,
            "invalid verifier key: key id %08" PRIx32 " does not match the key", want);
    }
    return LDG_OK;
}

ldg_code ldg_verifier_from_raw(ldg_verifier **out, const char *name,
                               const uint8_t pub[LDG_ED25519_LEN], ldg_error *err)
{
    return verifier_new(out, name, strlen(name), pub, err);
}

ldg_code ldg_verifier_from_pem(ldg_verifier **out, const char *name, const char *pem,
                               size_t len, ldg_error *err)
{
    uint8_t pub[LDG_ED25519_LEN];
    EVP_PKEY *pkey = NULL;
    BIO *bio = NULL;
    ldg_code rc;

    *out = NULL;
    rc = ldg_key_name_check(name, strlen(name), err);
    if (rc != LDG_OK)
        return rc;
    if (len <= INT_MAX)
        bio = BIO_new_mem_buf(pem, (int)len);
    if (bio)
        pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    ERR_clear_error();
    if (!pkey)
        return ldg_error_set(err, LDG_EINVAL, "no PEM public key for key \"%s\"", name);
    if (EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519)
        rc = ldg_error_set(err, LDG_EINVAL, "public key for key \"%s\" is not Ed25519",
                           name);
    else
        rc = public_of(pub, pkey, err);
    EVP_PKEY_free(pkey);
    if (rc != LDG_OK)
        return rc;
    return verifier_new(out, name, strlen(name), pub, err);
}

void ldg_verifier_free(ldg_verifier *v)
{
    if (!v)
        return;
    EVP_PKEY_free(v->pkey);
    free(v);
}

const char *ldg_verifier_name(const ldg_verifier *v)
{
    return v->name;
}

uint32_t ldg_verifier_key_id(const ldg_verifier *v)
{
    return v->key_id;
}

const uint8_t *ldg_verifier_public(const ldg_verifier *v)
{
    return v->pub;
}

ldg_code ldg_verifier_format(char *buf, size_t size, const ldg_verifier *v,
                             ldg_error *err)
{
    uint8_t raw[1 + LDG_ED25519_LEN];
    char b64[45];
    int r;

    raw[0] = SIG_TYPE_ED25519;
    memcpy(raw + 1, v->pub, LDG_ED25519_LEN);
    ldg_b64_encode(b64, raw, sizeof(raw));
    r = snprintf(buf, size, "%s+%08" PRIx32 "+%s", v->name, v->key_id, b64);
    if (r < 0 || (size_t)r >= size)
        return ldg_error_set(err, LDG_ERANGE, "verifier key does not fit in %zu bytes",
                             size);
    return LDG_OK;
}

ldg_code ldg_verifier_pem(char **out, const ldg_verifier *v, ldg_error *err)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL;
    long n = 0;

    *out = NULL;
    if (!bio || PEM_write_bio_PUBKEY(bio, v->pkey) != 1 ||
        (n = BIO_get_mem_data(bio, &data)) <= 0) {
        BIO_free(bio);
        ERR_clear_error();
        return ldg_error_set(err, LDG_EINTERNAL, "could not encode public key \"%s\"",
                             v->name);
    }
    *out = malloc((size_t)n + 1);
    if (*out) {
        memcpy(*out, data, (size_t)n);
        (*out)[n] = '\0';
    }
    BIO_free(bio);
    if (!*out)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    return LDG_OK;
}

ldg_code ldg_verifier_verify(const ldg_verifier *v, const void *msg, size_t len,
                             const uint8_t sig[LDG_SIG_LEN], ldg_error *err)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int r = -1;

    if (ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, v->pkey) == 1)
        r = EVP_DigestVerify(ctx, sig, LDG_SIG_LEN,
                             (const unsigned char *)(msg ? msg : ""), len);
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    if (r == 1)
        return LDG_OK;
    if (r == 0)
        return ldg_error_set(err, LDG_EINVAL, "signature by key \"%s\" does not verify",
                             v->name);
    return ldg_error_set(err, LDG_EINTERNAL, "could not verify a signature by key \"%s\"",
                         v->name);
}
