# Common settings for every Paybench target: warnings as errors and the version
# available to the code.
function(paybench_target_defaults target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${PAYBENCH_WERROR}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                             $<$<BOOL:${PAYBENCH_WERROR}>:-Werror>)
  endif()
  target_compile_definitions(${target} PRIVATE
    QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    PAYBENCH_VERSION="${PROJECT_VERSION}")
endfunction()

# A Qt Test suite run by CTest, offscreen and with test-mode standard paths.
function(paybench_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  paybench_target_defaults(${name})
  target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;PAYBENCH_SECRET_BACKEND=vault;PAYBENCH_VAULT_PASSPHRASE=ctest-passphrase"
    TIMEOUT 300)
endfunction()
