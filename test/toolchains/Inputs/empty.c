/* The body of a fake libclang-cpp.so.<N>: only its name matters. */
int lineprof_fake_clang_cpp;
