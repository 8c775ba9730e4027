// The error types of the readers of user files: a list of compiler-style diagnostics pointing into
// the file (`FILE:LINE:COL: error: message`, 1-based). A reader collects every problem it finds
// into a DiagnosticList and throws them together: a ScenarioError for a scenario file, a TapeError
// (sim/tape) for a decision tape; the command line maps any InputError to exit code 3. Nothing
// here knows about YAML.
#pragma once

#include <exception>
#include <string>
#include <vector>

namespace sagasim {

struct Diagnostic {
    std::string file;
    int line = 1;
    int column = 1;
    std::string message;
    // "FILE:LINE:COL: error: MESSAGE".
    std::string str() const;
};

class InputError : public std::exception {
public:
    explicit InputError(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
    // Every diagnostic's str(), joined by '\n'.
    const char* what() const noexcept override { return text_.c_str(); }

private:
    std::vector<Diagnostic> diagnostics_;
    std::string text_;
};

class ScenarioError : public InputError {
public:
    using InputError::InputError;
};

// Collects the problems of one file while it is read, so that all of them are reported at once.
// Like a compiler's error limit, it keeps the first kDiagnosticsMax problems found and counts the
// rest, so that a file of a million mistakes gives a screenful, not a gigabyte.
class DiagnosticList {
public:
    static constexpr size_t kDiagnosticsMax = 100;
    explicit DiagnosticList(std::string file) : file_(std::move(file)) {}
    void error(int line, int column, std::string message);
    bool empty() const { return list_.empty(); }
    size_t size() const { return list_.size() + dropped_; }
    const std::string& file() const { return file_; }
    // Throws a ScenarioError holding every diagnostic, ordered by position, if there is any; past
    // the limit, a last one says how many more were found.
    void throw_if_any();
    // The same list, for a reader that throws its own InputError.
    std::vector<Diagnostic> take();

private:
    std::string file_;
    std::vector<Diagnostic> list_;
    size_t dropped_ = 0;
    Diagnostic first_dropped_;
};

}  // namespace sagasim
