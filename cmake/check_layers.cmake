# Fails when a file of a layer includes a header of a layer listed after it, or of a directory that
# is not a layer. Run as a script, so the check needs nothing beyond CMake:
#   cmake -DSOURCE_DIR=<dir holding src/> "-DLAYERS=core;storage;..." -P cmake/check_layers.cmake
# The order is the one of PLEXUS_LAYERS in the top-level CMakeLists.txt: a layer may include its
# own headers and those of the layers before it, never later ones, so the layers still to come
# (net, messaging, da, settlement) cannot be reached from below by accident.
if(NOT SOURCE_DIR OR NOT LAYERS)
  message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=dir -DLAYERS=a;b;c -P check_layers.cmake")
endif()

get_filename_component(SOURCE_DIR "${SOURCE_DIR}" ABSOLUTE)
set(violations 0)
set(checked 0)
list(LENGTH LAYERS layer_count)
foreach(layer IN LISTS LAYERS)
  list(FIND LAYERS ${layer} rank)
  file(GLOB_RECURSE files ${SOURCE_DIR}/src/${layer}/*.hpp ${SOURCE_DIR}/src/${layer}/*.cpp
       ${SOURCE_DIR}/src/${layer}/*.inc)
  foreach(file IN LISTS files)
    math(EXPR checked "${checked} + 1")
    file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"[a-z0-9_]+/")
    foreach(line IN LISTS includes)
      string(REGEX MATCH "\"([a-z0-9_]+)/([^\"]*)\"" _ "${line}")
      set(target ${CMAKE_MATCH_1})
      set(header "${CMAKE_MATCH_1}/${CMAKE_MATCH_2}")
      list(FIND LAYERS ${target} target_rank)
      file(RELATIVE_PATH where ${SOURCE_DIR} ${file})
      if(target_rank EQUAL -1)
        # A path below the file's own directory (e.g. "vm/x.hpp" inside src/move) is local.
        get_filename_component(dir ${file} DIRECTORY)
        if(NOT EXISTS ${dir}/${header})
          message(SEND_ERROR "${where}: includes \"${header}\", which is in no layer")
          math(EXPR violations "${violations} + 1")
        endif()
      elseif(target_rank GREATER rank)
        message(SEND_ERROR
                "${where}: layer '${layer}' includes \"${header}\" of the later layer '${target}'")
        math(EXPR violations "${violations} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations GREATER 0)
  message(FATAL_ERROR "layering: ${violations} include(s) break the layer order (${LAYERS})")
endif()
message(STATUS "layering: ${checked} files in ${layer_count} layers include only lower layers")
