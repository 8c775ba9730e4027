// Reads a user's file whole after checking its size.
#include "sim/scenario/user_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sagasim {

bool read_user_file(const std::string& path, uint64_t max_bytes, const std::string& too_big, std::string& bytes,
                    std::string& why) {
    bytes.clear();
    if (path.empty()) {
        why = "cannot read the file: the path is empty";
        return false;
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        why = std::string("cannot read the file: ") + std::strerror(errno);
        return false;
    }
    // A regular file's size is known before reading; a stream (a pipe) is measured as it is read.
    struct stat st {};
    if (::fstat(::fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
        if (uint64_t(st.st_size) > max_bytes) {
            std::fclose(f);
            why = too_big;
            return false;
        }
        bytes.reserve(size_t(st.st_size));
    }
    char buf[1 << 16];
    size_t got;
    bool over = false;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) {
        if (bytes.size() + got > max_bytes) {
            over = true;
            break;
        }
        bytes.append(buf, got);
    }
    const bool error = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (over) why = too_big;
    else if (error) why = std::string("cannot read the file: ") + (err == EISDIR ? "Is a directory" : std::strerror(err));
    if (over || error) bytes.clear();
    return !over && !error;
}

}  // namespace sagasim
