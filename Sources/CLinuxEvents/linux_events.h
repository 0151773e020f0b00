// Linux readiness and timer APIs that the toolchain's Glibc module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

// glibc declares accept4 only under _GNU_SOURCE, which a module map cannot set before its own
// includes; declared here without <sys/socket.h> so the socket constants stay Glibc's.
struct sockaddr;
extern int accept4(int sockfd, struct sockaddr *addr, unsigned int *addrlen, int flags);
