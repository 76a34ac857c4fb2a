#ifndef STATS_H
#define STATS_H
#ifdef __cplusplus
extern "C" {
#endif
long stats_sum(const int *values, int count);
int stats_max(const int *values, int count);
int stats_debug(int value);
#ifdef __cplusplus
}
#endif
#endif
