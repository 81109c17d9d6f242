# OnLan — build, test and publish. Run as root on Debian 12 / Ubuntu: `make test` installs what it needs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

DOTNET      ?= dotnet
CONFIG      ?= Release
OUT         ?= out
RIDS        := linux-x64 linux-arm64
APT         := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq
# Everything the build and the tests need (see README: "What make deps installs").
APT_PACKAGES := clang lld llvm zlib1g-dev \
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross \
	qemu-user-static libssl3:arm64 \
	iproute2 iputils-ping tcpdump ethtool python3-scapy \
	strongswan-charon strongswan-swanctl strongswan-pki libcharon-extra-plugins libcharon-extauth-plugins \
	libstrongswan-extra-plugins libstrongswan-standard-plugins \
	dnsmasq-base iperf3 udhcpc freeradius
# What `make image` and `make image-test` need besides (README: "Flashing the image", "Image test").
IMAGE_APT_PACKAGES := mmdebstrap qemu-user-static binfmt-support arch-test dosfstools mtools fdisk e2fsprogs xz-utils file \
	qemu-system-arm iproute2 iputils-ping strongswan-charon strongswan-swanctl libstrongswan-standard-plugins \
	libstrongswan-extra-plugins libcharon-extra-plugins

.PHONY: help deps build test aot bench demo clean

help:
	@echo "make test    install dependencies, build, run every test (root runs the network-namespace tests)"
	@echo "make demo    run the gateway on a simulated two-port board (network namespaces, root)"
	@echo "make build   build the solution"
	@echo "make aot     publish NativeAOT binaries for $(RIDS) into $(OUT)/<rid>/onlan"
	@echo "make bench   IKE, ESP, NAT and tunnel figures next to their references; iperf3 next to strongSwan (root for the port parts)"
	@echo "make deps    install the Debian packages the build and tests need (root)"
	@echo "make image BOARD=<rpi4|rpi-cm4-dual|qemu-virt>   the flashable SD-card image out/onlan-<board>.img.xz (root)"
	@echo "make image-test   boot the qemu-virt image on an emulated board and check it serves (root)"

deps:
	@if [ "$$(id -u)" != 0 ]; then echo "make deps: not root, assuming the packages are installed"; exit 0; fi; \
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64; \
	missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing$$missing"; \
		$(APT) update >/dev/null; \
		$(APT) install -y --no-install-recommends $$missing >/dev/null; \
		case "$$missing" in *freeradius*) \
			{ systemctl disable --now freeradius || service freeradius stop; } >/dev/null 2>&1 || true;; \
		esac; \
	fi; \
	command -v $(DOTNET) >/dev/null || { echo "make deps: the .NET 10 SDK is missing (dotnet not on PATH)"; exit 1; }

build:
	$(DOTNET) build Firmware.sln -c $(CONFIG) -nologo -v q

# Publishes both binaries and fails on any trim/AOT analysis warning.
aot:
	@mkdir -p $(OUT)
	@for rid in $(RIDS); do \
		echo "aot: publishing $$rid"; \
		$(DOTNET) publish src/OnLan/OnLan.csproj -c $(CONFIG) -r $$rid -o $(OUT)/$$rid -nologo -v q \
			-p:TreatWarningsAsErrors=false > $(OUT)/publish-$$rid.log 2>&1 || { cat $(OUT)/publish-$$rid.log; exit 1; }; \
		if grep -E ': warning (IL|AOT)[0-9]+' $(OUT)/publish-$$rid.log | sort -u | grep .; then \
			echo "aot: trim/AOT warnings in $$rid (above)"; exit 1; fi; \
	done
	@for rid in $(RIDS); do printf 'aot: %-12s %s bytes\n' $$rid "$$(stat -c %s $(OUT)/$$rid/onlan)"; done

test: deps build aot
	@tests/run-tests.sh $(CONFIG)

demo: deps aot
	@board/sim/demo.sh

# The in-process and two-port figures, then iperf3 through the tunnel next to strongSwan as the gateway and a plain
# veth, measured in the same run (the interop test's output lines; root).
bench: deps build aot
	$(DOTNET) run -c Release --project tests/OnLan.Benchmarks
	@echo; echo "iperf3 TCP (tests/OnLan.Interop.Tests/TunnelThroughputTests.cs):"
	@if [ "$$(id -u)" != 0 ]; then echo "SKIPPED: iperf3 through the tunnel needs root (network namespaces)"; exit 0; fi; \
	$(DOTNET) test tests/OnLan.Interop.Tests -c $(CONFIG) --no-build --filter "FullyQualifiedName~TunnelThroughputTests" \
		--logger "console;verbosity=detailed" 2>&1 | grep -E '^ *iperf3 TCP' | sed 's/^ */  /'

# The SD-card image of one board: out/onlan-$(BOARD).img.xz (and the raw .img). BOARD = rpi4, rpi-cm4-dual, qemu-virt.
.PHONY: image image-test
image: deps
	@image/deps.sh $(IMAGE_APT_PACKAGES)
	@[ -n "$(BOARD)" ] || { echo "make image BOARD=<rpi4|rpi-cm4-dual|qemu-virt>"; exit 2; }
	@image/build.sh $(BOARD) $(OUT)

# Boots the qemu-virt image on qemu-system-aarch64 and checks it serves (builds the image when missing); ends with
# "N passed, N failed".
image-test: deps
	@image/deps.sh $(IMAGE_APT_PACKAGES)
	@OUT=$(abspath $(OUT)) image/test.sh

clean:
	rm -rf $(OUT)
	$(DOTNET) clean Firmware.sln -v q -nologo >/dev/null
