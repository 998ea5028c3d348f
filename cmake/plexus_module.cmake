# plexus_module(<name> [DEPS plexus_x ...] [LIBS external ...])
#
# Gives a layer its library target `plexus_<name>` from src/<name>/*.cpp and, when tests/<name>/
# holds *.cpp files, a GoogleTest executable `plexus_<name>_tests` registered with CTest as
# `unit.<name>`. Headers are included as "<name>/file.hpp" relative to src/.
function(plexus_module name)
  cmake_parse_arguments(ARG "" "" "DEPS;LIBS;TEST_LIBS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cpp)
  if(sources)
    add_library(plexus_${name} STATIC ${sources})
    set(scope PUBLIC)
  else()  # a layer that so far has only headers
    add_library(plexus_${name} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(plexus_${name} ${scope} ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(plexus_${name} ${scope} ${ARG_DEPS} ${ARG_LIBS})

  file(GLOB_RECURSE tests CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/${name}/*.cpp)
  if(tests)
    add_executable(plexus_${name}_tests ${tests})
    set_target_properties(plexus_${name}_tests PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                          ${CMAKE_BINARY_DIR}/tests)
    target_link_libraries(plexus_${name}_tests PRIVATE plexus_${name} plexus_testing ${ARG_TEST_LIBS}
                                                       GTest::gtest_main)
    add_test(NAME unit.${name} COMMAND plexus_${name}_tests)
    set_tests_properties(unit.${name} PROPERTIES ENVIRONMENT
                         "PLEXUS_TESTDATA=$ENV{PLEXUS_TESTDATA}")
  endif()
endfunction()
