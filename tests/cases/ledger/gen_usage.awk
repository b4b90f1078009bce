# Generates N hourly GPU usage records for tenant anthropic at site colossus-1 (the
# fixtures next to this file), CSV with the DESIGN.md header: PODS meters, one record per
# meter per hour from 2026-11-10T00:00:00Z on, quantity 1000 + i % 97 GPU-hours plus
# i micro-GPU-hours (so every record differs), event_id METER/START.
#
#   awk -v n=600 [-v pods=10] -f gen_usage.awk > usage.csv
function stamp(h,    d, mon, y, len)
{
    d = 10 + int(h / 24); mon = 11; y = 2026
    for (;;) {
        len = (mon == 2) ? 28 : (mon == 4 || mon == 6 || mon == 9 || mon == 11) ? 30 : 31
        if (d <= len) break
        d -= len; mon++
        if (mon == 13) { mon = 1; y++ }
    }
    return sprintf("%04d-%02d-%02dT%02d:00:00Z", y, mon, d, h % 24)
}
BEGIN {
    if (n == "") n = 600
    if (pods == "") pods = 10
    print "tenant,site,meter,kind,class,start,end,quantity,unit,event_id"
    for (i = 0; i < n; i++) {
        h = int(i / pods)
        m = sprintf("pod-%04d", i % pods + 1)
        s = stamp(h)
        printf "anthropic,colossus-1,%s,gpu,H100,%s,%s,%d.%06d,gpu_hour,%s/%s\n", \
            m, s, stamp(h + 1), 1000 + i % 97, i % 1000000, m, s
    }
}
