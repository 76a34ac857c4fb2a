# The Clangs lineprof builds its plugin for: one lineprof-clang<N>.so per
# supported Clang/LLVM installed, all loaded through the one lineprof.so
# (plugin/PluginLoader.c). Build-time only; not part of the installed package.
#
#   LINEPROF_SUPPORTED_CLANG_VERSIONS  the majors the sources compile against
#                                      (their differences: ClangCompat.h)
#   LINEPROF_CLANG_VERSIONS            cache: the majors to build for (default:
#                                      each supported one whose Debian packages
#                                      clang-N libclang-N-dev llvm-N-dev are
#                                      installed, and always the main LLVM)
#   LINEPROF_LLVM_ROOT_<N>             cache: where Clang/LLVM N lives
#                                      (default /usr/lib/llvm-N)
#
# The main LLVM (found by find_package, LLVM_VERSION_MAJOR) builds the
# instrumenter for lprof-rewrite and the plugin of its version through its
# imported targets; the others are reached by path, since two LLVM packages'
# imported targets cannot live in one CMake project.

set(LINEPROF_SUPPORTED_CLANG_VERSIONS 14 15 16 19)

# Whether Clang/LLVM <root> has what building a plugin needs: the headers,
# the shared libclang-cpp and libLLVM the clang binary loads, and clang.
function(_lineprof_clang_root_usable root out)
  file(GLOB clang_cpp "${root}/lib/libclang-cpp.so.*")
  if(clang_cpp
     AND EXISTS "${root}/lib/libLLVM.so"
     AND EXISTS "${root}/include/clang/Frontend/FrontendPluginRegistry.h"
     AND EXISTS "${root}/include/llvm/Config/llvm-config.h"
     AND EXISTS "${root}/bin/clang")
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

set(_lineprof_found_clangs)
foreach(version IN LISTS LINEPROF_SUPPORTED_CLANG_VERSIONS)
  set(LINEPROF_LLVM_ROOT_${version} "/usr/lib/llvm-${version}" CACHE PATH
      "Where Clang/LLVM ${version} is installed")
  _lineprof_clang_root_usable("${LINEPROF_LLVM_ROOT_${version}}" usable)
  if(usable OR version EQUAL LLVM_VERSION_MAJOR)
    list(APPEND _lineprof_found_clangs ${version})
  endif()
endforeach()
set(LINEPROF_CLANG_VERSIONS "${_lineprof_found_clangs}" CACHE STRING
    "Clang major versions to build the lineprof plugin for")

foreach(version IN LISTS LINEPROF_CLANG_VERSIONS)
  if(NOT version IN_LIST LINEPROF_SUPPORTED_CLANG_VERSIONS)
    message(FATAL_ERROR "LINEPROF_CLANG_VERSIONS: Clang ${version} is not "
      "supported (supported: ${LINEPROF_SUPPORTED_CLANG_VERSIONS})")
  endif()
  if(version EQUAL LLVM_VERSION_MAJOR)
    continue()
  endif()
  _lineprof_clang_root_usable("${LINEPROF_LLVM_ROOT_${version}}" usable)
  if(NOT usable)
    message(FATAL_ERROR "LINEPROF_CLANG_VERSIONS: Clang ${version} is not "
      "installed at ${LINEPROF_LLVM_ROOT_${version}} (Debian: apt-get install "
      "clang-${version} libclang-${version}-dev llvm-${version}-dev)")
  endif()
endforeach()
if(NOT LLVM_VERSION_MAJOR IN_LIST LINEPROF_CLANG_VERSIONS)
  message(FATAL_ERROR "LINEPROF_CLANG_VERSIONS must include the main LLVM's "
    "version, ${LLVM_VERSION_MAJOR}")
endif()
list(SORT LINEPROF_CLANG_VERSIONS COMPARE NATURAL)
message(STATUS "lineprof: plugin for Clang ${LINEPROF_CLANG_VERSIONS}")

# The include directories and shared libraries of Clang/LLVM <version>.
function(lineprof_clang_dependencies version include_out libraries_out)
  if(version EQUAL LLVM_VERSION_MAJOR)
    set(${include_out} ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS} PARENT_SCOPE)
    set(${libraries_out} clang-cpp LLVM PARENT_SCOPE)
    return()
  endif()
  set(root "${LINEPROF_LLVM_ROOT_${version}}")
  file(GLOB clang_cpp "${root}/lib/libclang-cpp.so.*")
  list(GET clang_cpp 0 clang_cpp)
  set(${include_out} "${root}/include" PARENT_SCOPE)
  set(${libraries_out} "${clang_cpp}" "${root}/lib/libLLVM.so" PARENT_SCOPE)
endfunction()
