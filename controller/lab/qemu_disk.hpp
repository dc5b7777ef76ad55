#pragma once
// The qemu lab's disks: which file a VM boots from, in which format and with which host cache
// mode. raw (the default): the template's raw disk image under -snapshot (QEMU keeps the guest's
// writes in a temporary file and never writes the template). qcow2: a fresh qcow2 overlay per
// node, <node dir>/disk.qcow2, backed by the template (qemu-img create), removed with the lab.
// Both are recorded in lab.json and put on the study's VM runs as labels, since they change what
// a disk benchmark measures. Pure.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace cb::lab {

enum class DiskFormat { kRaw, kQcow2 };
/// QEMU's -drive cache= modes.
enum class DiskCache { kNone, kWriteback, kWritethrough, kUnsafe, kDirectsync };

/// The lab's defaults: what the qemu provider always did.
inline constexpr DiskFormat kDefaultDiskFormat = DiskFormat::kRaw;
inline constexpr DiskCache kDefaultDiskCache = DiskCache::kUnsafe;

const char* toString(DiskFormat format);  // "raw" | "qcow2"
const char* toString(DiskCache cache);    // "none" | "writeback" | ... as QEMU spells them

/// Exact names; errors name the option and the value: "--disk-format 'vmdk': expected raw or
/// qcow2", "--disk-cache 'fast': expected none, writeback, writethrough, unsafe or directsync".
Result<DiskFormat> parseDiskFormat(std::string_view text);
Result<DiskCache> parseDiskCache(std::string_view text);

struct QemuDisk {
  DiskFormat format = kDefaultDiskFormat;
  DiskCache cache = kDefaultDiskCache;
};

/// A value inside a QEMU option list (`key=value,...`): commas doubled.
std::string qemuOptionValue(const std::string& value);

/// The qcow2 overlay of the node whose directory is `nodeDir`.
std::filesystem::path qcow2OverlayPath(const std::filesystem::path& nodeDir);

/// The drive arguments of a node's QEMU command: raw: "-drive
/// file=<template>,if=virtio,format=raw,cache=<c>" and "-snapshot"; qcow2: "-drive
/// file=<overlay>,if=virtio,format=qcow2,cache=<c>".
std::vector<std::string> qemuDriveArgs(const QemuDisk& disk,
                                       const std::filesystem::path& templateDisk,
                                       const std::filesystem::path& nodeDir);

/// `qemu-img create -q -f qcow2 -F raw -b <template> <overlay>`: a fresh overlay (same virtual size
/// as the template) that the node's VM writes instead of the template. `templateDisk` must be
/// absolute, since qemu-img resolves a relative backing file against the overlay's directory.
std::vector<std::string> qcow2CreateArgv(const std::filesystem::path& templateDisk,
                                         const std::filesystem::path& overlay);

}  // namespace cb::lab
