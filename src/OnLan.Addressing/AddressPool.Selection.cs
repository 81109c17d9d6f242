using OnLan.Wire;

namespace OnLan.Addressing;

// Which address an identity is offered.
public sealed partial class AddressPool
{
    /// <summary>
    /// The address <see cref="ReserveCandidate(string, DateTimeOffset, string, Ipv4Address?)"/> documents, taken from
    /// <paramref name="scope"/> only, or null when none is left there. Changes nothing.
    /// </summary>
    private Ipv4Address? Choose(string identity, Scope scope, Ipv4Address? preferred)
    {
        if (_bindingOfIdentity.TryGetValue(identity, out var sticky) && IsFreeFor(sticky, identity, scope)) return sticky;

        // An address the client asks for (DHCP option 50) is granted when nobody has it and it is nobody's sticky one.
        if (preferred is { } asked && IsFreeFor(asked, identity, scope) &&
            (!_bindingOfAddress.TryGetValue(asked, out var owner) || owner.Identity == identity))
            return asked;

        // Addresses nobody is bound to come first, so that bound addresses stay available to their owners.
        foreach (var address in scope.Addresses.Ascending())
            if (!_slots.ContainsKey(address) && !_bindingOfAddress.ContainsKey(address)) return address;

        // Every free address is some other identity's sticky address: take the one whose owner left longest ago.
        Ipv4Address? best = null;
        var bestReleasedAt = DateTimeOffset.MaxValue;
        foreach (var (address, binding) in _bindingOfAddress)
        {
            if (_slots.ContainsKey(address) || !scope.Addresses.Contains(address)) continue;
            if (best is null || binding.ReleasedAt < bestReleasedAt || (binding.ReleasedAt == bestReleasedAt && address.Value < best.Value.Value))
            {
                best = address;
                bestReleasedAt = binding.ReleasedAt;
            }
        }
        return best;
    }

    /// <summary>In the scope, and free or held for this very identity.</summary>
    private bool IsFreeFor(Ipv4Address address, string identity, Scope scope)
    {
        if (!scope.Addresses.Contains(address)) return false;
        return !_slots.TryGetValue(address, out var slot) || (slot.State == LeaseState.Held && slot.Identity == identity);
    }
}
