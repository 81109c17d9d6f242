using OnLan.Wire;

namespace OnLan.Addressing;

// Which address an identity is offered.
public sealed partial class AddressPool
{
    /// <summary>The address <see cref="ReserveCandidate"/> documents, or null when none is left. Changes nothing.</summary>
    private Ipv4Address? Choose(string identity)
    {
        if (_bindingOfIdentity.TryGetValue(identity, out var sticky) && IsFreeFor(sticky, identity)) return sticky;

        // Addresses nobody is bound to come first, so that bound addresses stay available to their owners.
        foreach (var address in _pool.Ascending())
            if (!_slots.ContainsKey(address) && !_bindingOfAddress.ContainsKey(address)) return address;

        // Every free address is some other identity's sticky address: take the one whose owner left longest ago.
        Ipv4Address? best = null;
        var bestReleasedAt = DateTimeOffset.MaxValue;
        foreach (var (address, binding) in _bindingOfAddress)
        {
            if (_slots.ContainsKey(address) || !_pool.Contains(address)) continue;
            if (best is null || binding.ReleasedAt < bestReleasedAt || (binding.ReleasedAt == bestReleasedAt && address.Value < best.Value.Value))
            {
                best = address;
                bestReleasedAt = binding.ReleasedAt;
            }
        }
        return best;
    }

    /// <summary>Free, or held for this very identity.</summary>
    private bool IsFreeFor(Ipv4Address address, string identity)
    {
        if (!_pool.Contains(address)) return false;
        return !_slots.TryGetValue(address, out var slot) || (slot.State == LeaseState.Held && slot.Identity == identity);
    }
}
