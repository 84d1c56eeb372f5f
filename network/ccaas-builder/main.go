// Command ccaas-builder is the peer's external builder for chaincode-as-a-service packages: the
// package carries only connection.json (where the organisation's chaincode server listens), and
// building or releasing it means handing that file to the peer. One static binary, installed as
// bin/detect, bin/build and bin/release, so it also runs in a FROM-scratch peer image.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const connectionFile = "connection.json"

func main() {
	step := filepath.Base(os.Args[0])
	var err error
	switch {
	case step == "detect" && len(os.Args) == 3:
		err = detect(os.Args[2])
	case step == "build" && len(os.Args) == 4:
		err = copyConnection(filepath.Join(os.Args[1], connectionFile), filepath.Join(os.Args[3], connectionFile))
	case step == "release" && len(os.Args) == 3:
		err = copyConnection(filepath.Join(os.Args[1], connectionFile),
			filepath.Join(os.Args[2], "chaincode", "server", connectionFile))
	default:
		err = fmt.Errorf("usage: detect SRC META | build SRC META OUT | release BUILD OUT (called as %q with %d args)", step, len(os.Args)-1)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ccaas-builder %s: %v\n", step, err)
		os.Exit(1)
	}
}

// detect claims packages whose metadata.json says type "ccaas"; any other package is left to the
// peer's other builders (exit status 1 without a message).
func detect(metadataDir string) error {
	raw, err := os.ReadFile(filepath.Join(metadataDir, "metadata.json"))
	if err != nil {
		return err
	}
	var metadata struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &metadata); err != nil {
		return fmt.Errorf("metadata.json: %w", err)
	}
	if !strings.EqualFold(metadata.Type, "ccaas") {
		os.Exit(1)
	}
	return nil
}

// copyConnection checks that the file names a server address before the peer relies on it.
func copyConnection(from, to string) error {
	raw, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	var connection struct {
		Address string `json:"address"`
	}
	if err := json.Unmarshal(raw, &connection); err != nil || connection.Address == "" {
		return fmt.Errorf("%s must be JSON with an address", from)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, raw, 0o644)
}
