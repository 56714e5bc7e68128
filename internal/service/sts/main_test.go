package sts_test

import (
	"os"
	"testing"

	"github.com/aliecs/terraform-provider-aliecs/internal/acctest"
)

func TestMain(m *testing.M) { os.Exit(acctest.Main(m)) }
