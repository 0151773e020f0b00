#ifndef LAB_SPAWN_H
#define LAB_SPAWN_H

#include <sys/types.h>

/// The step of a child's start that failed (`lab_spawn_result.step`).
enum lab_spawn_step {
    LAB_SPAWN_STEP_NONE = 0,
    LAB_SPAWN_STEP_STACK,
    LAB_SPAWN_STEP_CLONE,
    LAB_SPAWN_STEP_PROCESS_GROUP,
    LAB_SPAWN_STEP_REGISTER,
    LAB_SPAWN_STEP_STDIN,
    LAB_SPAWN_STEP_STDOUT,
    LAB_SPAWN_STEP_STDERR,
    LAB_SPAWN_STEP_DIRECTORY,
    LAB_SPAWN_STEP_CLOSE_DESCRIPTORS,
    LAB_SPAWN_STEP_SIGNALS,
    LAB_SPAWN_STEP_EXEC,
};

/// What to start and how; every pointer must stay valid during `lab_spawn`.
typedef struct {
    /// The program, an absolute path (no `PATH` lookup).
    const char *path;
    /// NULL-terminated, as `execve` takes them.
    char *const *argv;
    char *const *envp;
    /// The descriptor that becomes the child's stdin; -1 opens /dev/null.
    int stdin_fd;
    /// The descriptors that become stdout and stderr; -1 keeps the lab's.
    int stdout_fd;
    int stderr_fd;
    /// The directory the child starts in; NULL keeps the lab's.
    const char *directory;
    /// Non-zero: the child leads a new process group.
    int new_group;
    /// The supervisor's input (a pipe): before it runs anything, the child writes `add PID` (`add -PID` when it
    /// leads its group) there, so no moment leaves it unguarded. -1: none.
    int register_fd;
    /// How long an `execve` that fails with ETXTBSY is tried again, in nanoseconds.
    long long busy_patience_ns;
} lab_spawn_request;

/// How a start went: `pid` > 0 once a child exists (even when a later step failed: the caller reaps it).
typedef struct {
    pid_t pid;
    int error;
    int step;
} lab_spawn_result;

/// Starts a child as `request` says: a new process that sets up its process group, registers with the
/// supervisor, sets up its descriptors (every one from 3 on closed, for certain), its directory and its signals
/// (all default, none blocked), and only then executes the program. Returns once the program runs or the
/// start failed; 0, or the errno of the failed step (also in `result`).
int lab_spawn(const lab_spawn_request *request, lab_spawn_result *result);

#endif
