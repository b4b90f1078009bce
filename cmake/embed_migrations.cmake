# Writes OUT, a C file holding every SRC/NNNN_*.sql byte for byte (ledger/store/migrate.c
# applies them when no directory is given): the installed binary carries its schema and
# no path into the source tree. Run by the build (CMakeLists.txt), never by hand.
#   cmake -DSRC=migrations -DOUT=migrations_embedded.c -P embed_migrations.cmake
file(GLOB files RELATIVE ${SRC} ${SRC}/[0-9][0-9][0-9][0-9]_*.sql)
list(SORT files)
set(body "/* Generated from migrations/ by cmake/embed_migrations.cmake: do not edit. */\n")
string(APPEND body "#include \"ledger/store/migrate.h\"\n\n")
set(table "")
set(i 0)
foreach(name ${files})
  file(READ ${SRC}/${name} hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)"
         "\\1\n" bytes "${bytes}")
  string(APPEND body "static const unsigned char m${i}[] = {\n${bytes}0x00};\n")
  string(APPEND table "    { \"${name}\", (const char *)m${i}, ${len} },\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nconst ldg_migration_file ldg_embedded_migrations[] = {\n${table}")
string(APPEND body "    { 0, 0, 0 }\n};\n")
# Rewrite only when changed: an unchanged schema does not relink everything.
if(EXISTS ${OUT})
  file(READ ${OUT} old)
  if(old STREQUAL body)
    return()
  endif()
endif()
file(WRITE ${OUT} "${body}")
