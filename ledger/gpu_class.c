/*
 * The classes a process knows (gpu_class.h). Names are copied into a fixed table; the
 * order array is kept sorted as classes are added, so every loop in class order costs
 * nothing more than a loop over indexes.
 */
#include "ledger/gpu_class.h"

#include <stdio.h>
#include <string.h>

/* The built-in defaults: the one table of class names. Micro-kW per GPU. */
static const struct {
    const char *name;
    int64_t low_ukw, high_ukw;
} builtin[] = {
    { "H100", 350000, 1600000 },
    { "H200", 350000, 1800000 },
    { "GB200", 600000, 2800000 },
};
#define NBUILTIN ((int)(sizeof(builtin) / sizeof(builtin[0])))

static struct {
    int init;
    size_t count;
    char name[LDG_GPU_NCLASS][LDG_GPU_CLASS_NAME_MAX + 1]; /* "" when unused */
    ldg_gpu_class order[LDG_GPU_NCLASS];
} reg;

/* Built-ins sort first in table order; the rest by bytes. */
static int before(int a, int b)
{
    if (a < NBUILTIN || b < NBUILTIN)
        return a < b;
    return strcmp(reg.name[a], reg.name[b]) < 0;
}

static void sort_order(void)
{
    int n = 0;

    for (int k = 0; k < LDG_GPU_NCLASS; k++)
        if (reg.name[k][0])
            reg.order[n++] = (ldg_gpu_class)k;
    for (int i = 1; i < n; i++) /* insertion sort: at most LDG_GPU_NCLASS */
        for (int j = i; j > 0 && before(reg.order[j], reg.order[j - 1]); j--) {
            ldg_gpu_class t = reg.order[j];

            reg.order[j] = reg.order[j - 1];
            reg.order[j - 1] = t;
        }
    for (int k = 0; k < LDG_GPU_NCLASS; k++)
        if (!reg.name[k][0])
            reg.order[n++] = (ldg_gpu_class)k;
}

static void init(void)
{
    if (reg.init)
        return;
    reg.init = 1;
    for (int k = 0; k < NBUILTIN; k++)
        memcpy(reg.name[k], builtin[k].name, strlen(builtin[k].name) + 1);
    reg.count = NBUILTIN;
    sort_order();
}

int ldg_gpu_class_name_valid(const char *name, size_t len)
{
    if (!name || len == 0 || len > LDG_GPU_CLASS_NAME_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];

        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

ldg_gpu_class ldg_contract_class_lookup(const char *name, size_t len)
{
    init();
    if (!ldg_gpu_class_name_valid(name, len))
        return LDG_GPU_NONE;
    for (size_t i = 0; i < reg.count; i++) { /* ingest calls this per record */
        ldg_gpu_class k = reg.order[i];

        if (memcmp(reg.name[k], name, len) == 0 && reg.name[k][len] == '\0')
            return k;
    }
    return LDG_GPU_NONE;
}

const char *ldg_contract_class_name(ldg_gpu_class cls)
{
    init();
    if ((int)cls < 0 || (int)cls >= LDG_GPU_NCLASS || !reg.name[cls][0])
        return NULL;
    return reg.name[cls];
}

ldg_code ldg_contract_class_parse(ldg_gpu_class *out, const char *name, ldg_error *err)
{
    ldg_gpu_class k = ldg_contract_class_lookup(name, strlen(name));

    if (k == LDG_GPU_NONE)
        return ldg_error_set(err, LDG_EINVAL,
                             "unknown GPU class \"%.32s\" (no site declares it)", name);
    *out = k;
    return LDG_OK;
}

static void bind(int k, const char *name, size_t len)
{
    memcpy(reg.name[k], name, len);
    reg.name[k][len] = '\0';
    reg.count++;
    sort_order();
}

ldg_code ldg_gpu_class_intern(ldg_gpu_class *out, const char *name, size_t len,
                              ldg_error *err)
{
    ldg_gpu_class k = ldg_contract_class_lookup(name, len);

    if (k != LDG_GPU_NONE) {
        *out = k;
        return LDG_OK;
    }
    if (!ldg_gpu_class_name_valid(name, len))
        return ldg_error_set(err, LDG_EINVAL,
                             "a GPU class name is 1-32 letters, digits, '.', '_' or '-'");
    for (int i = 0; i < LDG_GPU_NCLASS; i++)
        if (!reg.name[i][0]) {
            bind(i, name, len);
            *out = (ldg_gpu_class)i;
            return LDG_OK;
        }
    return ldg_error_set(err, LDG_ERANGE, "more than %d GPU classes", LDG_GPU_NCLASS);
}

ldg_code ldg_gpu_class_register(int stored, const char *name, ldg_error *err)
{
    size_t len = name ? strlen(name) : 0;
    ldg_gpu_class k;

    init();
    if (stored < 1 || stored > LDG_GPU_NCLASS || !ldg_gpu_class_name_valid(name, len))
        return ldg_error_set(err, LDG_EINVAL, "stored GPU class %d \"%.32s\" is invalid",
                             stored, name ? name : "");
    k = ldg_contract_class_lookup(name, len);
    if (k == (ldg_gpu_class)(stored - 1))
        return LDG_OK;
    if (k != LDG_GPU_NONE || reg.name[stored - 1][0])
        return ldg_error_set(err, LDG_ECONFLICT,
                             "GPU class \"%s\" is stored as %d, but this process knows it"
                             " otherwise: run the command again",
                             name, stored);
    bind(stored - 1, name, len);
    return LDG_OK;
}

size_t ldg_gpu_class_count(void)
{
    init();
    return reg.count;
}

ldg_gpu_class ldg_gpu_class_nth(int i)
{
    init();
    return i >= 0 && i < LDG_GPU_NCLASS ? reg.order[i] : LDG_GPU_NONE;
}

const char *ldg_gpu_class_list(char *buf, size_t n)
{
    size_t used = 0, count = ldg_gpu_class_count();

    buf[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        const char *sep = i == 0 ? "" : i + 1 == count ? " or " : ", ";
        int w = snprintf(buf + used, n - used, "%s%s", sep, reg.name[reg.order[i]]);

        if (w < 0 || (size_t)w >= n - used) {
            memcpy(buf + (n - 4), "...", 4);
            break;
        }
        used += (size_t)w;
    }
    return buf;
}

int ldg_gpu_class_rank(ldg_gpu_class cls)
{
    init();
    for (int i = 0; i < LDG_GPU_NCLASS; i++)
        if (reg.order[i] == cls)
            return i;
    return -1;
}

ldg_code ldg_gpu_class_default_band(int64_t *low_ukw, int64_t *high_ukw, const char *name)
{
    for (int k = 0; k < NBUILTIN; k++)
        if (strcmp(builtin[k].name, name) == 0) {
            *low_ukw = builtin[k].low_ukw;
            *high_ukw = builtin[k].high_ukw;
            return LDG_OK;
        }
    return LDG_ENOTFOUND;
}
