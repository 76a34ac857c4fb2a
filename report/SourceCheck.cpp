//===- SourceCheck.cpp - Compare source snapshots with the files on disk --===//

#include "SourceCheck.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace lineprof {

namespace {

/// Line terminators are not part of a line: the snapshot has them removed,
/// and a file with CRLF endings is the same source as one with LF.
StringRef withoutCR(StringRef Line) { return Line.rtrim('\r'); }

bool matchesDisk(const FunctionProfile &F, ArrayRef<StringRef> DiskLines) {
  uint64_t Begin = uint64_t(F.FirstLine) - 1;
  if (Begin + F.SourceLines.size() > DiskLines.size())
    return false;
  for (size_t I = 0, E = F.SourceLines.size(); I != E; ++I)
    if (withoutCR(F.SourceLines[I]) != withoutCR(DiskLines[Begin + I]))
      return false;
  return true;
}

} // namespace

std::vector<std::string> findChangedSources(const Profile &P) {
  std::vector<std::string> Changed;
  // Functions are ordered by file first, so each file is read only once.
  const std::string *CurrentFile = nullptr;
  std::unique_ptr<MemoryBuffer> Buffer;
  SmallVector<StringRef, 0> DiskLines;
  bool Decided = false; // The current file is missing or already reported.
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    if (!CurrentFile || F.File != *CurrentFile) {
      CurrentFile = &F.File;
      DiskLines.clear();
      // Paths come from the profile: only read regular files, never a
      // device or FIFO that could block or never end.
      ErrorOr<std::unique_ptr<MemoryBuffer>> File =
          std::make_error_code(std::errc::no_such_file_or_directory);
      if (sys::fs::is_regular_file(F.File))
        File = MemoryBuffer::getFile(F.File, /*IsText=*/false,
                                     /*RequiresNullTerminator=*/false);
      Decided = !File;
      if (File) {
        Buffer = std::move(*File);
        Buffer->getBuffer().split(DiskLines, '\n', /*MaxSplit=*/-1,
                                  /*KeepEmpty=*/true);
      }
    }
    if (Decided || matchesDisk(F, DiskLines))
      continue;
    Changed.push_back(F.File);
    Decided = true;
  }
  return Changed;
}

} // namespace lineprof
