// Writes a run's decisions as a tape (docs/tape-format.md) while the run makes them: a
// DecisionRecorder. Lines are formatted by hand into a buffer that is written out in large
// blocks, so recording costs little next to the run.
#pragma once

#include <cstdint>
#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "sim/faults/fault_table.hpp"
#include "sim/kernel/decisions.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/tape/number_text.hpp"

namespace sagasim {

class TapeWriter final : public DecisionRecorder {
public:
    // Ready to write tapes of runs of `sc` one after another (begin, the run, finish), with the
    // same buffers: a process that records many runs pays for them once.
    explicit TapeWriter(const Scenario& sc);
    // The same, and begin(out, seed).
    TapeWriter(std::FILE* out, const Scenario& sc, uint64_t seed);
    ~TapeWriter() override;
    // Starts a tape for a run at `seed`: writes its header to `out` (open for writing; not owned;
    // nullptr: counts the bytes only). The tape begun before, if any, must be finished.
    void begin(std::FILE* out, uint64_t seed);
    void record(const Decision& d) override;
    // The end line (the run's steps and digest), and everything still buffered.
    void finish(uint64_t steps, const std::string& digest);
    uint64_t bytes() const { return bytes_; }

private:
    void flush();
    // Ends the line begun at `start` whose text runs to `p`.
    void end_line(const char* start, char* p);
    void write(std::string_view text);

    std::FILE* out_ = nullptr;
    // Each fault's id and a space, padded so that one fixed-size copy writes it (ids are at most
    // 64 characters: the loader's read_id).
    struct FaultText {
        uint64_t key;
        char text[72];
        uint8_t len;
    };
    std::vector<FaultText> faults_;
    const FaultText& fault_text(uint64_t key) const;
    std::string header_;  // the header's lines before the seed's
    std::unique_ptr<char[]> buf_;  // lines not written out yet; room for one more line
    // The text of the last step number and tie index, and of recent subjects and their orders, as
    // words of digits (number_text.hpp); a length of 0: not kept (too long).
    number_text::DecimalText step_text_;
    number_text::DecimalText tie_index_text_;
    // A slot is read only once its bit in subject_kept_ is set: the 12 KB are not cleared for
    // each tape (a run of 20 orders records about 1,100 decisions; clearing them cost a tenth as much).
    struct SubjectText {
        uint64_t subject;
        uint64_t hex[2];          // the subject's 16 hex digits
        int64_t order;            // the orderId whose digits are in order_word
        uint64_t order_word;
        uint8_t order_len;
    };
    std::array<SubjectText, 256> subjects_;
    std::array<uint64_t, 4> subject_kept_{};
    size_t len_ = 0;
    uint64_t bytes_ = 0;
    uint64_t count_ = 0;
};

}  // namespace sagasim
