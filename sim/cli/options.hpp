// Boost.Program_options set up the way cli.md asks: no guessing of option prefixes, unknown
// options and stray arguments are usage errors (exit 2) with the library's message.
#pragma once

#include <iostream>
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

}  // namespace sagasim::cli
