# Writes INPUT as a C++ raw string literal to OUTPUT.
file(READ ${INPUT} TEXT)
file(WRITE ${OUTPUT} "R\"lprof_embed(${TEXT})lprof_embed\"\n")
