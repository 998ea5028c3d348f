# The node allocates heavily and briefly: trie nodes, write-batch entries, JSON values, HTTP
# buffers. glibc's malloc spent about a sixth of the block-producing thread's instructions in
# `plexus-bench blocks`; with tcmalloc (gperftools, Debian's libgoogle-perftools-dev) block
# production measured 54-60k transfers/s against 35-46k (docs/performance/blocks.md). Executables that run
# a node link it; sanitizer and fuzzing builds keep their own allocator.
option(PLEXUS_TCMALLOC "Link the node executables with tcmalloc when it is installed" ON)
find_library(PLEXUS_TCMALLOC_LIBRARY tcmalloc_minimal)
if(PLEXUS_TCMALLOC AND NOT PLEXUS_TCMALLOC_LIBRARY)
  message(STATUS "tcmalloc not found (libgoogle-perftools-dev): using the C library's malloc")
endif()

function(plexus_use_fast_allocator target)
  if(PLEXUS_TCMALLOC AND PLEXUS_TCMALLOC_LIBRARY AND NOT PLEXUS_SANITIZE AND NOT PLEXUS_FUZZ)
    # Nothing calls tcmalloc by name: it replaces malloc and operator new by being loaded, so the
    # linker must keep it even where it drops unreferenced libraries.
    target_link_libraries(${target} PRIVATE -Wl,--push-state,--no-as-needed ${PLEXUS_TCMALLOC_LIBRARY}
                                            -Wl,--pop-state)
  endif()
endfunction()
