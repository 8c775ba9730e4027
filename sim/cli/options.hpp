// Boost.Program_options set up the way cli.md asks: no guessing of option prefixes, unknown
// options and stray arguments are usage errors (exit 2) with the library's message.
#pragma once

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/cli/cli.hpp"

namespace sagasim::cli {

inline boost::program_options::variables_map parse_options(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    const boost::program_options::options_description& hidden,
    const boost::program_options::positional_options_description& positional) {
    namespace po = boost::program_options;
    po::options_description all;
    all.add(visible).add(hidden);
    po::variables_map vm;
    try {
        const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
        po::store(po::command_line_parser(args).options(all).positional(positional).style(style).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    return vm;
}

// A subcommand's options and its FILE... arguments (as "file"): the variables, or nothing after
// printing the help for --help.
inline std::optional<boost::program_options::variables_map> parse_command(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    const char* file_meaning) {
    namespace po = boost::program_options;
    po::options_description hidden;
    hidden.add_options()("file", po::value<std::vector<std::string>>(), file_meaning);
    po::positional_options_description pos;
    pos.add("file", -1);
    po::variables_map vm = parse_options(args, visible, hidden, pos);
    if (vm.count("help")) {
        std::cout << visible;
        return std::nullopt;
    }
    return vm;
}

// The FILE... arguments.
inline std::vector<std::string> files_of(const boost::program_options::variables_map& vm) {
    return vm.count("file") ? vm["file"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

// --color WHEN: auto, always or never.
inline std::string color_of(const boost::program_options::variables_map& vm) {
    const std::string color = vm["color"].as<std::string>();
    if (color != "auto" && color != "always" && color != "never")
        throw UsageError("--color must be auto, always or never, got '" + color + "'");
    return color;
}

}  // namespace sagasim::cli
