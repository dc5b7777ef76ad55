#pragma once
// Boost.Asio 1.74's awaitable.hpp uses std::exchange without including <utility> under C++20:
// include Asio only through this header.
#include <utility>

#include <boost/asio.hpp>
