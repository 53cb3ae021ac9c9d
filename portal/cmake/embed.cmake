# Writes OUT: a C++ file holding every file of DIR as a string (name -> bytes), so the portal's
# content travels inside the library (the demo runs from any directory, CI has no ../shared).
file(GLOB files RELATIVE ${DIR} ${DIR}/*)
list(SORT files)
set(body "// Generated from portal/data by portal/cmake/embed.cmake. Do not edit.\n#include \"embedded.h\"\n\nnamespace gongkai::portal {\n\nconst EmbeddedFile kEmbeddedFiles[] = {\n")
foreach(f ${files})
  file(READ ${DIR}/${f} content)
  string(APPEND body "    {\"${f}\", R\"gk(${content})gk\"},\n")
endforeach()
string(APPEND body "};\nconst int kEmbeddedFileCount = sizeof(kEmbeddedFiles) / sizeof(kEmbeddedFiles[0]);\n\n}  // namespace gongkai::portal\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
